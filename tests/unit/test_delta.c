/*
 * git pack deltas of core/lib/delta.c: what is made applies back to the
 * target byte for byte (edits, moves, copies longer than one opcode takes,
 * offsets of three bytes), unrelated data gives no delta, and corrupt
 * deltas are refused rather than read past.  That git itself reads them
 * is test_store's: its packs go through `git fsck` and `verify-pack`.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/lib/delta.h"

static const char LETTER[] =
	"Thực hiện Thông báo số 398/TB-VPCP ngày 05/8/2025 của Văn phòng Chính phủ, "
	"Ủy ban nhân dân tỉnh yêu cầu các sở, ban, ngành rà soát và báo cáo kết quả "
	"trước ngày 22/5/2024. Sở Ngoại vụ chủ trì, phối hợp với Sở Tài chính.\n";

static unsigned char *make(const void *base, size_t blen, const void *target, size_t tlen,
                           size_t max, size_t *dlen)
{
	struct vt_delta_index *ix;
	unsigned char *d = malloc(max + 1);

	assert_non_null(d);
	assert_int_equal(vt_delta_index_new(&ix, base, blen), 0);
	*dlen = vt_delta_create(d, max, ix, target, tlen);
	vt_delta_index_free(ix);
	return d;
}

static void roundtrip(const void *base, size_t blen, const void *target, size_t tlen)
{
	size_t dlen;
	unsigned char *d = make(base, blen, target, tlen, tlen + 64, &dlen);
	unsigned char *out = malloc(tlen + 1);

	assert_true(dlen > 0);
	assert_int_equal(vt_delta_target_size(d, dlen), tlen);
	assert_int_equal(vt_delta_apply(out, tlen, base, blen, d, dlen), 0);
	assert_memory_equal(out, target, tlen);
	free(out);
	free(d);
}

/* A letter and its revision: a changed date, a moved sentence, a new line. */
static void test_revision(void **state)
{
	char base[4096], target[4096];
	size_t dlen;
	unsigned char *d;

	(void)state;
	snprintf(base, sizeof(base), "Số: 1345/UBND-NC\n%s%s%sKính gửi: các sở.\n",
	         LETTER, LETTER, LETTER);
	snprintf(target, sizeof(target), "Số: 1345/UBND-NC\nKính gửi: các sở.\n%s%sthêm "
	         "một dòng mới\n%s", LETTER, LETTER, LETTER);
	memcpy(strstr(target, "22/5/2024"), "31/5/2024", 9);
	roundtrip(base, strlen(base), target, strlen(target));
	d = make(base, strlen(base), target, strlen(target), strlen(target) / 2, &dlen);
	assert_true(dlen > 0);
	assert_true(dlen < strlen(target) / 4);
	free(d);
}

/* Runs past one copy opcode (64 KiB) and offsets past two bytes. */
static void test_large(void **state)
{
	size_t n = 1 << 20, i;
	unsigned char *base = malloc(n), *target = malloc(n + 100);
	uint32_t x = 12345;

	(void)state;
	for (i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		base[i] = (unsigned char)(x >> 16);
	}
	memcpy(target, base + 700000, n - 700000);
	memcpy(target + n - 700000, "xen giữa", 9);
	memcpy(target + n - 700000 + 9, base, 700000);
	roundtrip(base, n, target, n + 9);
	free(base);
	free(target);
}

/* Random edits of a text, many times over. */
static void test_random_edits(void **state)
{
	char base[2048], target[4096];
	size_t blen, tlen;
	uint32_t x = 7;

	(void)state;
	snprintf(base, sizeof(base), "%s%s%s", LETTER, LETTER, LETTER);
	blen = strlen(base);
	for (int round = 0; round < 500; round++) {
		size_t at = 0;

		tlen = 0;
		while (at < blen && tlen < sizeof(target) - 64) {
			size_t k;

			x = x * 1103515245u + 12345u;
			k = 1 + (x >> 16) % 80;
			if (k > blen - at)
				k = blen - at;
			switch ((x >> 8) % 4) {
			case 0: /* drop */
				break;
			case 1: /* insert then keep */
				target[tlen++] = (char)('a' + (x >> 24) % 26);
				/* fall through */
			default:
				memcpy(target + tlen, base + at, k);
				tlen += k;
			}
			at += k;
		}
		if (tlen >= 16)
			roundtrip(base, blen, target, tlen);
	}
}

/* Nothing in common: no delta within half the size. */
static void test_unrelated(void **state)
{
	unsigned char a[3000], b[3000];
	size_t dlen;
	unsigned char *d;

	(void)state;
	for (size_t i = 0; i < sizeof(a); i++) {
		a[i] = (unsigned char)(i * 7 + 3);
		b[i] = (unsigned char)((i * i * 13) >> 3);
	}
	d = make(a, sizeof(a), b, sizeof(b), sizeof(b) / 2, &dlen);
	assert_int_equal(dlen, 0);
	free(d);
	d = make(a, 10, b, sizeof(b), sizeof(b), &dlen);
	assert_int_equal(dlen, 0);
	free(d);
}

static void test_corrupt(void **state)
{
	char base[1024];
	unsigned char out[1024], bad[64];
	size_t blen, dlen;
	unsigned char *d;

	(void)state;
	snprintf(base, sizeof(base), "%s%s", LETTER, LETTER);
	blen = strlen(base);
	d = make(base, blen, base + 10, blen - 10, blen, &dlen);
	assert_true(dlen > 0);
	/* the wrong base, the wrong size, cut short */
	assert_int_equal(vt_delta_apply(out, blen - 10, base, blen - 1, d, dlen), -1);
	assert_int_equal(vt_delta_apply(out, blen - 11, base, blen, d, dlen), -1);
	assert_int_equal(vt_delta_apply(out, blen - 10, base, blen, d, dlen - 1), -1);
	assert_int_equal(vt_delta_apply(out, blen - 10, base, blen, d, 1), -1);
	free(d);
	/* a copy past the end of the base, an opcode 0, a literal past the end */
	bad[0] = 10, bad[1] = 8, bad[2] = 0x91, bad[3] = 4, bad[4] = 8;
	assert_int_equal(vt_delta_apply(out, 8, base, 10, bad, 5), -1);
	bad[2] = 0;
	assert_int_equal(vt_delta_apply(out, 8, base, 10, bad, 3), -1);
	bad[2] = 9;
	assert_int_equal(vt_delta_apply(out, 8, base, 10, bad, 3), -1);
	bad[2] = 0xff;
	assert_int_equal(vt_delta_target_size(bad + 2, 1), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_revision),
		cmocka_unit_test(test_large),
		cmocka_unit_test(test_random_edits),
		cmocka_unit_test(test_unrelated),
		cmocka_unit_test(test_corrupt),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
