/*
 * Unit tests for core/lib/text.c: loading, validation, normalisation, the
 * offset map, reading files, and the matching keys.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vanthu/error.h"
#include "vanthu/text.h"

static struct vt_text *load_ok(const char *s, size_t n)
{
	struct vt_text *t = NULL;
	int err = vt_text_load(&t, s, n, "t.txt");

	if (err)
		fail_msg("load failed: %s", vt_error_last());
	assert_non_null(t);
	return t;
}

#define LOAD(lit) load_ok((lit), sizeof(lit) - 1)

static void assert_load_fails(const char *s, size_t n, int code,
                              const char *msg)
{
	struct vt_text *t = (struct vt_text *)1;

	assert_int_equal(vt_text_load(&t, s, n, "x.txt"), code);
	assert_null(t);
	assert_string_equal(vt_error_last(), msg);
}

/* Where `needle` is in the normalised text. */
static size_t norm_pos(const struct vt_text *t, const char *needle)
{
	const char *p = strstr(t->norm, needle);

	assert_non_null(p);
	return (size_t)(p - t->norm);
}

/* ---- validation ---- */

static void test_invalid_overlong(void **state)
{
	(void)state;
	assert_load_fails("abc\xc0\xaf" "def", 8, VT_EINVALID,
	                  "invalid UTF-8 at byte 3 of 'x.txt'");
}

static void test_invalid_lone_continuation(void **state)
{
	(void)state;
	assert_load_fails("S\xe1\xbb\x9f \x80", 6, VT_EINVALID,
	                  "invalid UTF-8 at byte 5 of 'x.txt'");
}

static void test_invalid_truncated_at_end(void **state)
{
	(void)state;
	assert_load_fails("hello \xe1\xbb", 8, VT_EINVALID,
	                  "invalid UTF-8 at byte 6 of 'x.txt'");
}

static void test_invalid_surrogate(void **state)
{
	(void)state;
	assert_load_fails("ab\n\xed\xa0\x80 cd", 9, VT_EINVALID,
	                  "invalid UTF-8 at byte 3 of 'x.txt'");
}

static void test_invalid_beyond_max(void **state)
{
	(void)state;
	assert_load_fails("x\xf4\x90\x80\x80", 5, VT_EINVALID,
	                  "invalid UTF-8 at byte 1 of 'x.txt'");
}

static void test_invalid_after_combining_mark(void **state)
{
	(void)state;
	/* The bad byte right after a cluster must still be found. */
	assert_load_fails("Ho\xcc\x80\xff", 5, VT_EINVALID,
	                  "invalid UTF-8 at byte 4 of 'x.txt'");
}

static void test_nul_byte(void **state)
{
	static const char in[] = "Quy\xe1\xba\xbft \0 \xc4\x91\xe1\xbb\x8bnh";

	(void)state;
	assert_load_fails(in, sizeof(in) - 1, VT_EINVALID,
	                  "NUL character at byte 8 of 'x.txt'");
}

static void test_empty_and_blank(void **state)
{
	(void)state;
	assert_load_fails("", 0, VT_EINVALID, "file 'x.txt' is empty");
	assert_load_fails(" \r\n\t \n", 6, VT_EINVALID, "file 'x.txt' is empty");
	assert_load_fails("\xef\xbb\xbf\n", 4, VT_EINVALID, "file 'x.txt' is empty");
	/* NBSP and a zero-width space are blank too. */
	assert_load_fails("\xc2\xa0\xe2\x80\x8b\n", 6, VT_EINVALID,
	                  "file 'x.txt' is empty");
}

/* ---- normalisation and the map ---- */

static void test_bom_crlf(void **state)
{
	static const char in[] = "\xef\xbb\xbf" "Kinh g\xe1\xbb\xad" "i:\r\n"
	                         "- S\xe1\xbb\x9f\r" "end";
	struct vt_text *t = LOAD(in);

	(void)state;
	assert_string_equal(t->norm, "Kinh g\xe1\xbb\xad" "i:\n- S\xe1\xbb\x9f\nend");
	assert_int_equal(t->orig_len, sizeof(in) - 1);
	assert_memory_equal(t->orig, in, sizeof(in) - 1);
	/* "K" is after the BOM; "-" after the CRLF; "end" after the lone CR. */
	assert_int_equal(vt_text_orig_offset(t, 0), 3);
	assert_int_equal(vt_text_orig_offset(t, norm_pos(t, "- S")),
	                 (size_t)(strstr(in, "- S") - in));
	assert_int_equal(vt_text_orig_offset(t, norm_pos(t, "end")),
	                 (size_t)(strstr(in, "end") - in));
	assert_int_equal(vt_text_orig_offset(t, t->norm_len), t->orig_len);
	vt_text_free(t);
}

static void test_sha256_of_input(void **state)
{
	struct vt_text *t = LOAD("\xef\xbb\xbf" "abc\r\n");
	char hex[65];

	(void)state;
	vt_sha256_hex(hex, "abc", 3);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223"
	                         "b00361a396177a9cb410ff61f20015ad");
	vt_sha256_hex(hex, "\xef\xbb\xbf" "abc\r\n", 8);
	assert_string_equal(t->sha256, hex);
	vt_text_free(t);
}

static void test_nfd_becomes_nfc(void **state)
{
	/* "Hòa Bình": o + U+0300, i + U+0300. */
	static const char in[] = "C\xe1\xbb\x98NG Ho\xcc\x80" "a Bi\xcc\x80nh\n";
	struct vt_text *t = LOAD(in);
	size_t a, b;

	(void)state;
	assert_string_equal(t->norm, "C\xe1\xbb\x98NG H\xc3\xb2" "a B\xc3\xacnh\n");
	/* The composed "ò" maps back to the "o" it came from, and "a" to "a". */
	a = norm_pos(t, "\xc3\xb2");
	assert_int_equal(vt_text_orig_offset(t, a), 8);
	assert_int_equal(vt_text_orig_offset(t, a + 1), 8);
	assert_int_equal(vt_text_orig_offset(t, a + 2), 11);
	assert_int_equal((unsigned char)in[11], 'a');
	b = norm_pos(t, "nh\n");
	assert_int_equal(vt_text_orig_offset(t, b), (size_t)(strstr(in, "nh\n") - in));
	vt_text_free(t);
}

static void test_mixed_precomposed_and_mark(void **state)
{
	/* "ệ" written as "ê" + U+0323 after a precomposed letter. */
	struct vt_text *t = LOAD("Vi\xc3\xaa\xcc\xa3t Nam");

	(void)state;
	assert_string_equal(t->norm, "Vi\xe1\xbb\x87t Nam");
	assert_int_equal(vt_text_orig_offset(t, norm_pos(t, "t Nam")), 6);
	vt_text_free(t);
}

static void test_symbol_join(void **state)
{
	static const char in[] = "Ngh\xe1\xbb\x8b quy\xe1\xba\xbft s\xe1\xbb\x91 59-\n"
	                         "NQ/TW, K\xe1\xba\xbf ho\xe1\xba\xa1" "ch 111-\n\n  KH/TU, "
	                         "153/ \r\nNQ-CP; ng\xc3\xa0y 2020-\nH\xc3\xa0 N\xe1\xbb\x99i; s\xe1\xbb\x91\n"
	                         "153/NQ-CP\n";
	struct vt_text *t = LOAD(in);
	size_t p, o;

	(void)state;
	assert_non_null(strstr(t->norm, "59-NQ/TW,"));
	assert_non_null(strstr(t->norm, "111-KH/TU,"));
	assert_non_null(strstr(t->norm, "153/NQ-CP;"));
	/* An ordinary word after a dash keeps its line break. */
	assert_non_null(strstr(t->norm, "2020-\nH"));
	assert_non_null(strstr(t->norm, "\n153/NQ-CP\n"));

	/* The span of "59-NQ/TW" in the copy covers "59-\nNQ/TW" in the input. */
	p = norm_pos(t, "59-NQ/TW");
	o = (size_t)(strstr(in, "59-\nNQ/TW") - in);
	assert_int_equal(vt_text_orig_offset(t, p), o);
	assert_int_equal(vt_text_orig_offset(t, p + 3), o + 4);
	assert_int_equal(vt_text_orig_offset(t, p + 8), o + 9);
	assert_memory_equal(t->orig + vt_text_orig_offset(t, p + 3), "NQ/TW", 5);
	p = norm_pos(t, "KH/TU");
	assert_memory_equal(t->orig + vt_text_orig_offset(t, p), "KH/TU", 5);
	vt_text_free(t);
}

static void test_markdown_and_annotation(void **state)
{
	static const char in[] = "**KT. CH\xe1\xbb\xa6 T\xe1\xbb\x8a" "CH**\n"
	                         "*Handwritten signature*\n"
	                         "*CH\xe1\xbb\xae K\xc3\x9d S\xe1\xbb\x90*\n"
	                         "__Tr\xe1\xba\xa7n V\xc4\x83n A__ s\xe1\xbb\x91 ____/UBND\n"
	                         "a * b * c\n";
	struct vt_text *t = LOAD(in);
	size_t p;

	(void)state;
	assert_string_equal(t->norm, "KT. CH\xe1\xbb\xa6 T\xe1\xbb\x8a" "CH\n\n\n"
	                    "Tr\xe1\xba\xa7n V\xc4\x83n A s\xe1\xbb\x91 ____/UBND\n"
	                    "a * b * c\n");
	assert_int_equal(vt_text_orig_offset(t, 0), 2);
	p = norm_pos(t, "Tr");
	assert_memory_equal(t->orig + vt_text_orig_offset(t, p), "Tr", 2);
	vt_text_free(t);
}

static void test_lookalikes(void **state)
{
	/* en dash, minus, fullwidth slash, NBSP, zero-width space, ideographic space */
	static const char in[] = "15\xe2\x80\x93" "CT\xef\xbc\x8fTW\xc2\xa0" "a\xe2\x80\x8b"
	                         "b\xe3\x80\x80" "c \xe2\x88\x92" "1";
	struct vt_text *t = LOAD(in);

	(void)state;
	assert_string_equal(t->norm, "15-CT/TW ab c -1");
	assert_int_equal(vt_text_orig_offset(t, 2), 2);
	assert_int_equal(vt_text_orig_offset(t, 3), 5);
	assert_int_equal(vt_text_orig_offset(t, norm_pos(t, "b")), 18);
	vt_text_free(t);
}

static void test_dash_lookalike_symbol_join(void **state)
{
	struct vt_text *t = LOAD("s\xe1\xbb\x91 57\xe2\x80\x93\nNQ/TW");

	(void)state;
	assert_string_equal(t->norm, "s\xe1\xbb\x91 57-NQ/TW");
	assert_int_equal(vt_text_orig_offset(t, norm_pos(t, "NQ")), 11);
	vt_text_free(t);
}

static void test_utf16le_bom(void **state)
{
	/* "Hòa\r\n" in UTF-16LE with BOM. */
	static const char in[] = "\xff\xfe" "H\0\xf2\0" "a\0\r\0\n\0";
	struct vt_text *t = LOAD(in);
	char hex[65];

	(void)state;
	assert_int_equal(t->orig_len, 6);
	assert_memory_equal(t->orig, "H\xc3\xb2" "a\r\n", 6);
	assert_string_equal(t->norm, "H\xc3\xb2" "a\n");
	vt_sha256_hex(hex, in, sizeof(in) - 1);
	assert_string_equal(t->sha256, hex);
	assert_int_equal(vt_text_orig_offset(t, 3), 3);
	vt_text_free(t);
}

static void test_utf16be_bom(void **state)
{
	struct vt_text *t = LOAD("\xfe\xff\x1e\xa0\0B");

	(void)state;
	assert_string_equal(t->norm, "\xe1\xba\xa0" "B");
	vt_text_free(t);
}

static void test_utf16_invalid(void **state)
{
	struct vt_text *t = NULL;

	(void)state;
	/* A lone low surrogate. */
	assert_int_equal(vt_text_load(&t, "\xff\xfe" "a\0\x00\xdc" "b\0", 8, "u"),
	                 VT_EINVALID);
	assert_null(t);
	assert_non_null(strstr(vt_error_last(), "UTF-16"));
	/* An odd number of bytes. */
	assert_int_equal(vt_text_load(&t, "\xff\xfe" "a\0b", 5, "u"), VT_EINVALID);
	assert_non_null(strstr(vt_error_last(), "UTF-16"));
}

static void test_offset_map_monotonic(void **state)
{
	static const char in[] = "\xef\xbb\xbf**A**\r\nHo\xcc\x80" "a 1-\nKH/TU\xe2\x80\x94x";
	struct vt_text *t = LOAD(in);
	size_t i, prev = 0;

	(void)state;
	for (i = 0; i <= t->norm_len; i++) {
		size_t o = vt_text_orig_offset(t, i);

		assert_true(o >= prev);
		assert_true(o <= t->orig_len);
		prev = o;
	}
	assert_int_equal(vt_text_orig_offset(t, t->norm_len + 100), t->orig_len);
	vt_text_free(t);
}

static void test_large_input(void **state)
{
	static const char line[] = "Ch\xe1\xbb\x89 th\xe1\xbb\x8b s\xe1\xbb\x91 15-CT/TW "
	                           "ng\xc3\xa0y 10/8/2022 c\xe1\xbb\xa7" "a Ban B\xc3\xad th\xc6\xb0, "
	                           "Ho\xcc\x80" "a 59-\r\nNQ/TW\r\n";
	size_t n = 20u * 1024 * 1024, ll = sizeof(line) - 1, i, lines = 0;
	char *big = malloc(n);
	struct vt_text *t;

	(void)state;
	assert_non_null(big);
	for (i = 0; i + ll <= n; i += ll)
		memcpy(big + i, line, ll), lines++;
	memset(big + i, 'x', n - i);
	t = load_ok(big, n);
	assert_int_equal(t->orig_len, n);
	/* Each line loses two CRs, one "\n" and one byte of the cluster. */
	assert_int_equal(t->norm_len, n - lines * 4);
	/* The map grows with the edits, not with the bytes. */
	assert_true(t->nsegs <= lines * 4 + 2);
	assert_int_equal(vt_text_orig_offset(t, t->norm_len - 1), n - 1);
	vt_text_free(t);
	free(big);
}

static void test_many_marks(void **state)
{
	/* A letter under thousands of marks: bounded work, valid output. */
	size_t n = 1 + 2 * 20000 + 2, i;
	char *in = malloc(n);
	struct vt_text *t;

	(void)state;
	assert_non_null(in);
	in[0] = 'a';
	for (i = 0; i < 20000; i++)
		memcpy(in + 1 + 2 * i, i % 2 ? "\xcc\xa3" : "\xcc\x81", 2);
	memcpy(in + n - 2, "b\n", 2);
	t = load_ok(in, n);
	assert_true(t->norm_len <= n);
	/* Marks come out in canonical order: "a" takes a U+0323 first. */
	assert_memory_equal(t->norm, "\xe1\xba\xa1\xcc\xa3", 5);
	assert_memory_equal(t->norm + t->norm_len - 2, "b\n", 2);
	assert_int_equal(vt_text_orig_offset(t, t->norm_len - 2), n - 2);
	vt_text_free(t);
	free(in);
}

static void test_random_bytes(void **state)
{
	/* Whatever comes in, a load either fails cleanly or maps sanely. */
	static const char pool[] = "a\r\n*_-/9 N\xcc\x80\xe2\x80\x93\xc2\xa0\xff\xfe\xed\xc3";
	char in[64];
	unsigned seed = 12345;
	int round, i;

	(void)state;
	for (round = 0; round < 20000; round++) {
		struct vt_text *t = NULL;
		int n = (int)(seed % 40) + 1;

		for (i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			in[i] = pool[(seed >> 16) % (sizeof(pool) - 1)];
		}
		if (vt_text_load(&t, in, (size_t)n, "r")) {
			assert_null(t);
			continue;
		}
		assert_int_equal(strlen(t->norm), t->norm_len);
		for (i = 0; (size_t)i <= t->norm_len; i++) {
			size_t o = vt_text_orig_offset(t, (size_t)i);

			assert_true(o <= t->orig_len);
			/* Never inside a UTF-8 sequence of the original. */
			assert_true(o == t->orig_len ||
			            ((unsigned char)t->orig[o] & 0xC0) != 0x80);
		}
		vt_text_free(t);
	}
}

/* ---- reading files ---- */

static void test_read_file(void **state)
{
	char path[] = "/tmp/vt-text-XXXXXX", *buf = NULL;
	size_t len = 0;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "0123456789", 10), 10);
	close(fd);
	assert_int_equal(vt_text_read_file(&buf, &len, path, 0), 0);
	assert_int_equal(len, 10);
	assert_string_equal(buf, "0123456789");
	free(buf);
	assert_int_equal(vt_text_read_file(&buf, &len, path, 10), 0);
	free(buf);
	assert_int_equal(vt_text_read_file(&buf, &len, path, 9), VT_ETOOBIG);
	assert_null(buf);
	assert_non_null(strstr(vt_error_last(), "9 bytes"));
	unlink(path);
	assert_int_equal(vt_text_read_file(&buf, &len, path, 0), VT_ENOTFOUND);
}

static void test_read_directory(void **state)
{
	char *buf = NULL;
	size_t len = 0;

	(void)state;
	assert_int_equal(vt_text_read_file(&buf, &len, "/tmp", 0), VT_EINVALID);
	assert_null(buf);
	assert_string_equal(vt_error_last(), "'/tmp' is a directory, not a text file");
	assert_int_equal(vt_text_read_file(&buf, &len, "/dev/null", 0), VT_EINVALID);
	assert_non_null(strstr(vt_error_last(), "not a regular file"));
}

static void test_read_stdin(void **state)
{
	char path[] = "/tmp/vt-text-XXXXXX", *buf = NULL;
	size_t len = 0;
	int fd = mkstemp(path), saved = dup(0);

	(void)state;
	assert_true(fd >= 0 && saved >= 0);
	assert_int_equal(write(fd, "stdin text", 10), 10);
	lseek(fd, 0, SEEK_SET);
	dup2(fd, 0);
	assert_int_equal(vt_text_read_file(&buf, &len, "-", 0), 0);
	assert_int_equal(len, 10);
	assert_memory_equal(buf, "stdin text", 10);
	free(buf);
	lseek(fd, 0, SEEK_SET);
	assert_int_equal(vt_text_read_file(&buf, &len, "-", 4), VT_ETOOBIG);
	dup2(saved, 0);
	close(saved);
	close(fd);
	unlink(path);
}

/* ---- keys ---- */

static void assert_fold(const char *in, const char *want)
{
	char *f = vt_text_fold(in, strlen(in));

	assert_non_null(f);
	assert_string_equal(f, want);
	free(f);
}

static void assert_slug(const char *in, size_t n, const char *want)
{
	char *s = vt_text_slug(in, n);

	assert_non_null(s);
	assert_string_equal(s, want);
	free(s);
}

static void test_fold(void **state)
{
	(void)state;
	assert_fold("S\xe1\xbb\x9f Ngo\xe1\xba\xa1i v\xe1\xbb\xa5", "so ngoai vu");
	assert_fold("so ngoai vu", "so ngoai vu");
	assert_fold("  \xc4\x90\xe1\xbb\x92NG   NAI!! ", "dong nai");
	/* NFD and old/new tone placement give one key. */
	assert_fold("C\xe1\xbb\x98NG HO\xcc\x80" "A", "cong hoa");
	assert_fold("C\xe1\xbb\x99ng ho\xc3\xa0", "cong hoa");
	assert_fold("\xe1\xbb\xa6y ban", "uy ban");
	assert_fold("U\xe1\xbb\xb7 ban", "uy ban");
	assert_fold("S\xe1\xbb\x9f T\xc3\xa0i ch\xc3\xadnh ;", "so tai chinh");
	assert_fold("", "");
	assert_fold("--//--", "");
	/* Invalid bytes do not crash and act as separators. */
	assert_fold("a\xff" "b", "a b");
}

static void test_utf8_floor(void **state)
{
	/* "Số" then a 4-byte character: S, C1 91 (2), then F0 9F 93 84. */
	static const char s[] = "S\xe1\xbb\x91\xf0\x9f\x93\x84";
	size_t n;

	(void)state;
	assert_int_equal(vt_text_utf8_floor(s, 0), 0);
	assert_int_equal(vt_text_utf8_floor(s, 1), 1);
	assert_int_equal(vt_text_utf8_floor(s, 2), 1);
	assert_int_equal(vt_text_utf8_floor(s, 3), 1);
	assert_int_equal(vt_text_utf8_floor(s, 4), 4);
	for (n = 5; n < 8; n++)
		assert_int_equal(vt_text_utf8_floor(s, n), 4);
	assert_int_equal(vt_text_utf8_floor(s, 8), 8);
	/* Bytes that are not text stay: only a sequence cut short goes. */
	assert_int_equal(vt_text_utf8_floor("a\xff", 2), 2);
	assert_int_equal(vt_text_utf8_floor("\x80\x80", 2), 2);
}

static void test_slug(void **state)
{
	char long_in[300], *s;
	size_t i;

	(void)state;
	assert_slug("S\xe1\xbb\x9f Ngo\xe1\xba\xa1i v\xe1\xbb\xa5", 17, "so-ngoai-vu");
	assert_slug("../../etc", 9, "etc");
	assert_slug("../../../etc/passwd\0x", 21, "etc-passwd-x");
	assert_slug("15/QĐ-UBND", strlen("15/QĐ-UBND"), "15-qd-ubnd");
	assert_slug("", 0, "x");
	assert_slug("/", 1, "x");
	assert_slug("\xe4\xb8\xad\xe6\x96\x87", 6, "x");

	for (i = 0; i + 6 <= sizeof(long_in); i += 6)
		memcpy(long_in + i, "abcde ", 6);
	s = vt_text_slug(long_in, i);
	assert_non_null(s);
	assert_true(strlen(s) <= 80);
	assert_true(strlen(s) >= 40);
	assert_true(s[strlen(s) - 1] != '-');
	assert_memory_equal(s, "abcde-abcde", 11);
	free(s);

	memset(long_in, 'z', sizeof(long_in));
	s = vt_text_slug(long_in, sizeof(long_in));
	assert_int_equal(strlen(s), 80);
	free(s);
}

static void test_free_null(void **state)
{
	(void)state;
	vt_text_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_invalid_overlong),
		cmocka_unit_test(test_invalid_lone_continuation),
		cmocka_unit_test(test_invalid_truncated_at_end),
		cmocka_unit_test(test_invalid_surrogate),
		cmocka_unit_test(test_invalid_beyond_max),
		cmocka_unit_test(test_invalid_after_combining_mark),
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_empty_and_blank),
		cmocka_unit_test(test_bom_crlf),
		cmocka_unit_test(test_sha256_of_input),
		cmocka_unit_test(test_nfd_becomes_nfc),
		cmocka_unit_test(test_mixed_precomposed_and_mark),
		cmocka_unit_test(test_symbol_join),
		cmocka_unit_test(test_markdown_and_annotation),
		cmocka_unit_test(test_lookalikes),
		cmocka_unit_test(test_dash_lookalike_symbol_join),
		cmocka_unit_test(test_utf16le_bom),
		cmocka_unit_test(test_utf16be_bom),
		cmocka_unit_test(test_utf16_invalid),
		cmocka_unit_test(test_offset_map_monotonic),
		cmocka_unit_test(test_large_input),
		cmocka_unit_test(test_many_marks),
		cmocka_unit_test(test_random_bytes),
		cmocka_unit_test(test_read_file),
		cmocka_unit_test(test_read_directory),
		cmocka_unit_test(test_read_stdin),
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_slug),
		cmocka_unit_test(test_utf8_floor),
		cmocka_unit_test(test_free_null),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
