/*
 * Symbols of both families: every shape of domain.md §2.5, the tolerance
 * of §2.6, things that only look like symbols, and hostile input.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "vanthu/symbol.h"

static struct vt_symbol parse(const char *s)
{
	struct vt_symbol sym;

	vt_symbol_parse(&sym, s, strlen(s));
	return sym;
}

static void check(const char *in, const char *canon, const char *type_code,
                  int family, const char *doc_type)
{
	struct vt_symbol s;
	size_t n = vt_symbol_parse(&s, in, strlen(in));

	assert_true(n > 0);
	assert_string_equal(s.canon, canon);
	assert_string_equal(s.type_code, type_code);
	assert_int_equal(s.family, family);
	if (doc_type)
		assert_string_equal(s.doc_type, doc_type);
	else
		assert_null(s.doc_type);
}

static void none(const char *in)
{
	struct vt_symbol s;

	assert_int_equal(vt_symbol_parse(&s, in, strlen(in)), 0);
	assert_string_equal(s.canon, "");
}

static void test_state_typed(void **state)
{
	(void)state;
	check("15/QĐ-UBND", "15/QĐ-UBND", "QĐ", VT_FAMILY_STATE, "decision");
	check("398/TB-VPCP", "398/TB-VPCP", "TB", VT_FAMILY_STATE, "notice");
	check("39/KH-UBND", "39/KH-UBND", "KH", VT_FAMILY_STATE, "plan");
	check("12/CT-UBND", "12/CT-UBND", "CT", VT_FAMILY_STATE, "directive");
	check("7/BC-SNV", "7/BC-SNV", "BC", VT_FAMILY_STATE, "report");
	check("3/CTr-UBND", "3/CTr-UBND", "CTr", VT_FAMILY_STATE, "program");
	check("571/QĐ-TTg", "571/QĐ-TTg", "QĐ", VT_FAMILY_STATE, "decision");
	check("1670/NQ-UBTVQH15", "1670/NQ-UBTVQH15", "NQ", VT_FAMILY_STATE, "resolution");
	check("23/VBHN-VPQH", "23/VBHN-VPQH", "VBHN", VT_FAMILY_STATE, "other");
	check("9/QyĐ-UBND", "9/QyĐ-UBND", "QyĐ", VT_FAMILY_STATE, "other");
	check("4/GM-UBND", "4/GM-UBND", "GM", VT_FAMILY_STATE, "other");
}

static void test_normative(void **state)
{
	struct vt_symbol s;

	(void)state;
	check("30/2020/NĐ-CP", "30/2020/NĐ-CP", "NĐ", VT_FAMILY_STATE, "decree");
	check("03/2025/TT-VPCP", "03/2025/TT-VPCP", "TT", VT_FAMILY_STATE, "circular");
	check("01/2026/TTLT-VKSNDTC-BCA-BQP", "01/2026/TTLT-VKSNDTC-BCA-BQP",
	      "TTLT", VT_FAMILY_STATE, "circular");
	check("45/2019/QH14", "45/2019/QH14", "", VT_FAMILY_STATE, "law");
	check("351/2017/UBTVQH14", "351/2017/UBTVQH14", "", VT_FAMILY_STATE, "law");
	s = parse("128/2025/QĐ-UBND");
	assert_string_equal(s.year, "2025");
	assert_string_equal(s.number, "128");
	assert_string_equal(s.symbol, "2025/QĐ-UBND");
}

static void test_congvan(void **state)
{
	struct vt_symbol s;

	(void)state;
	check("1345/UBND-NC", "1345/UBND-NC", "", VT_FAMILY_STATE, "dispatch");
	check("891/SNgV-HTQT", "891/SNgV-HTQT", "", VT_FAMILY_STATE, "dispatch");
	check("05/BNV-VP", "05/BNV-VP", "", VT_FAMILY_STATE, "dispatch");
	s = parse("4836/SNV-TCBC");
	assert_string_equal(s.symbol, "SNV-TCBC");
	assert_string_equal(s.number, "4836");
}

static void test_party(void **state)
{
	struct vt_symbol s;

	(void)state;
	check("59-NQ/TW", "59-NQ/TW", "NQ", VT_FAMILY_PARTY, "resolution");
	check("22-CV/TU", "22-CV/TU", "CV", VT_FAMILY_PARTY, "dispatch");
	check("08-QĐi/TW", "08-QĐi/TW", "QĐi", VT_FAMILY_PARTY, "other");
	check("2449-CV/ĐU", "2449-CV/ĐU", "CV", VT_FAMILY_PARTY, "dispatch");
	check("36-HD/VPTW", "36-HD/VPTW", "HD", VT_FAMILY_PARTY, "other");
	check("126-KL/TW", "126-KL/TW", "KL", VT_FAMILY_PARTY, "conclusion");
	check("15-CT/TW", "15-CT/TW", "CT", VT_FAMILY_PARTY, "directive");
	check("7-TT/TW", "7-TT/TW", "TT", VT_FAMILY_PARTY, "other");
	s = parse("111-KH/TU");
	assert_string_equal(s.symbol, "KH/TU");
	assert_string_equal(vt_family_name(s.family), "party");
}

static void test_blank_numbers(void **state)
{
	struct vt_symbol s;
	const char *line = "Số:         /KH-UBND Đồng Nai, ngày";

	(void)state;
	check("/KH-UBND", "/KH-UBND", "KH", VT_FAMILY_STATE, "plan");
	check("Số: /UBND-TH", "/UBND-TH", "", VT_FAMILY_STATE, "dispatch");
	assert_true(vt_symbol_find(&s, line, strlen(line), 0));
	assert_string_equal(s.canon, "/KH-UBND");
	assert_string_equal(s.number, "");
	assert_memory_equal(line + s.start, "/KH-UBND", 8);
	line = "Số       -KH/ĐU";
	assert_true(vt_symbol_find(&s, line, strlen(line), 0));
	assert_string_equal(s.canon, "-KH/ĐU");
	/* a bare "/" or "-" in prose is not a blank-numbered symbol */
	line = "hoạt động /KH-UBND và - NQ/TW";
	assert_false(vt_symbol_find(&s, line, strlen(line), 0));
}

static void test_tolerance(void **state)
{
	struct vt_symbol s;

	(void)state;
	check("1206 /QĐ-HVTC", "1206/QĐ-HVTC", "QĐ", VT_FAMILY_STATE, "decision");
	check("367 - QĐ/TWĐTN-VP", "367-QĐ/TWĐTN-VP", "QĐ", VT_FAMILY_PARTY, "decision");
	check("473/TTr -NN&PTNT", "473/TTr-NN&PTNT", "TTr", VT_FAMILY_STATE, "other");
	check("84 QĐ/TWĐTN", "84-QĐ/TWĐTN", "QĐ", VT_FAMILY_PARTY, "decision");
	/* case slips: the type through the table, the issuer upper-cased */
	check("104-CTr/Tu", "104-CTr/TU", "CTr", VT_FAMILY_PARTY, "program");
	check("104-Ctr/TU", "104-CTr/TU", "CTr", VT_FAMILY_PARTY, "program");
	check("36/2006/CT-TTG", "36/2006/CT-TTg", "CT", VT_FAMILY_STATE, "directive");
	check("571/QĐ-ttg", "571/QĐ-TTg", "QĐ", VT_FAMILY_STATE, "decision");
	check("12/UBND-vx", "12/UBND-VX", "", VT_FAMILY_STATE, "dispatch");
	/* dash look-alikes: U+2013 and U+2212 */
	check("59\xe2\x80\x93NQ/TW", "59-NQ/TW", "NQ", VT_FAMILY_PARTY, "resolution");
	check("15/QĐ\xe2\x88\x92UBND", "15/QĐ-UBND", "QĐ", VT_FAMILY_STATE, "decision");
	/* a trailing full stop or comma is not part of it */
	s = parse("5-NQ/TU.");
	assert_string_equal(s.canon, "5-NQ/TU");
	assert_int_equal(s.end, 7);
}

static void test_d_and_dj(void **state)
{
	(void)state;
	check("12/HD-UBND", "12/HD-UBND", "HD", VT_FAMILY_STATE, "other");
	check("12/HĐ-UBND", "12/HĐ-UBND", "HĐ", VT_FAMILY_STATE, "other");
	check("3/DA-UBND", "3/DA-UBND", "DA", VT_FAMILY_STATE, "other");
	check("3/ĐA-UBND", "3/ĐA-UBND", "ĐA", VT_FAMILY_STATE, "other");
	/* ASCII spellings only where no D twin exists */
	check("123/QD-TTg", "123/QĐ-TTg", "QĐ", VT_FAMILY_STATE, "decision");
	check("78/2025/ND-CP", "78/2025/NĐ-CP", "NĐ", VT_FAMILY_STATE, "decree");
	assert_string_not_equal(parse("12/HD-X1").canon, parse("12/HĐ-X1").canon);
}

static void test_not_symbols(void **state)
{
	struct vt_symbol s;
	const char *t;

	(void)state;
	none("2022-2026");
	none("06/8/2025");
	none("24/01/2025");
	none("kinh tế - xã hội");
	none("5/UBND");
	none("12/Nghị-UBND");
	none("");
	t = "giai đoạn 2022-2026, ngày 06/8/2025, tỷ lệ 3/4, Hà Nội - Huế, 1/2 số";
	assert_false(vt_symbol_find(&s, t, strlen(t), 0));
	/* inside a word or a longer number */
	t = "ABC12/KH-UBND";
	assert_false(vt_symbol_find(&s, t, strlen(t), 0));
	t = "2024/15/QĐ-UBND";
	assert_true(vt_symbol_find(&s, t, strlen(t), 0) == 0 ||
	            strcmp(s.canon, "15/QĐ-UBND") != 0);
}

static void test_find_in_prose(void **state)
{
	const char *t = "Căn cứ Nghị quyết số 12-NQ/TU ngày 3/3/2024 và Quyết định "
	                "1206 /QĐ-HVTC; Số: 77/UBND-KT.";
	struct vt_symbol s;
	const char *want[] = { "12-NQ/TU", "1206/QĐ-HVTC", "77/UBND-KT" };
	size_t from = 0, k = 0;

	(void)state;
	while (vt_symbol_find(&s, t, strlen(t), from)) {
		assert_true(k < 3);
		assert_string_equal(s.canon, want[k]);
		if (k == 0)
			assert_int_equal(s.start, (size_t)(strstr(t, "12-NQ") - t));
		assert_true(s.end <= strlen(t));
		from = s.end;
		k++;
	}
	assert_int_equal(k, 3);
}

static void test_every_type_code(void **state)
{
	static const char *const codes[] = {
		"NQ", "QĐ", "CT", "QC", "QyĐ", "TC", "TB", "HD", "CTr", "KH", "PA", "ĐA",
		"DA", "BC", "BB", "TTr", "HĐ", "CĐ", "BGN", "BTT", "GUQ", "GM", "GGT",
		"GNP", "PG", "PC", "PB", "SY", "TrS", "SL", NULL
	};
	static const char *const party[] = {
		"NQ", "QĐ", "QĐi", "CT", "KL", "QC", "TT", "HD", "BC", "KH", "CTr", "TB",
		"TTr", "CV", "BB", "ĐA", "PA", "QTr", "TC", NULL
	};
	char in[64], want[64];
	int i;

	(void)state;
	for (i = 0; codes[i]; i++) {
		snprintf(in, sizeof(in), "12/%s-UBND", codes[i]);
		check(in, in, codes[i], VT_FAMILY_STATE,
		      vt_symbol_doc_type(codes[i], VT_FAMILY_STATE));
	}
	for (i = 0; party[i]; i++) {
		snprintf(in, sizeof(in), "7 - %s / TU", party[i]);
		snprintf(want, sizeof(want), "7-%s/TU", party[i]);
		check(in, want, party[i], VT_FAMILY_PARTY, vt_symbol_doc_type(party[i], VT_FAMILY_PARTY));
	}
}

static void test_case_slips_and_padding(void **state)
{
	struct vt_symbol a, b;

	(void)state;
	check("104-CTr/Tu", "104-CTr/TU", "CTr", VT_FAMILY_PARTY, "program");
	check("15/qđ-UBND", "15/QĐ-UBND", "QĐ", VT_FAMILY_STATE, "decision");
	check("12/kh-ubnd", "12/KH-UBND", "KH", VT_FAMILY_STATE, "plan");
	none("5/năm 2020");
	none("3/tháng");
	/* numbers compare as integers */
	assert_true(vt_symbol_parse(&a, "5-NQ/TU", 7) > 0);
	assert_true(vt_symbol_parse(&b, "05-NQ/TU", 8) > 0);
	assert_true(vt_symbol_same(&a, &b));
	assert_true(vt_symbol_parse(&b, "05/NQ-TU", 8) > 0);
	assert_false(vt_symbol_same(&a, &b));
	assert_true(vt_symbol_parse(&b, "50-NQ/TU", 8) > 0);
	assert_false(vt_symbol_same(&a, &b));
	{
		char k[32];

		assert_true(vt_symbol_parse(&b, "05-NQ/TU", 8) > 0);
		vt_symbol_key(k, sizeof(k), &b);
		assert_string_equal(k, "5-NQ/TU");
		assert_true(vt_symbol_parse(&b, "Số: /KH-UBND", strlen("Số: /KH-UBND")) > 0);
		vt_symbol_key(k, sizeof(k), &b);
		assert_string_equal(k, "/KH-UBND");
	}
}

static void test_dash_lookalikes_and_splits(void **state)
{
	(void)state;
	check("59\xe2\x80\x93NQ/TW", "59-NQ/TW", "NQ", VT_FAMILY_PARTY, "resolution");
	check("59\xe2\x88\x92NQ\xe2\x88\x95TW", "59-NQ/TW", "NQ", VT_FAMILY_PARTY, "resolution");
	check("153\xef\xbc\x8fNQ-CP", "153/NQ-CP", "NQ", VT_FAMILY_STATE, "resolution");
	check("367 - QĐ/TWĐTN-VP", "367-QĐ/TWĐTN-VP", "QĐ", VT_FAMILY_PARTY, "decision");
	check("1206 /QĐ-HVTC", "1206/QĐ-HVTC", "QĐ", VT_FAMILY_STATE, "decision");
	/* Đ and D stay apart */
	check("12/HĐ-UBND", "12/HĐ-UBND", "HĐ", VT_FAMILY_STATE, "other");
	check("12/HD-UBND", "12/HD-UBND", "HD", VT_FAMILY_STATE, "other");
	check("4/ĐA-UBND", "4/ĐA-UBND", "ĐA", VT_FAMILY_STATE, "other");
	check("4/DA-UBND", "4/DA-UBND", "DA", VT_FAMILY_STATE, "other");
}

static void test_hostile(void **state)
{
	struct vt_symbol s;
	char *big = malloc(6000);
	const char *t;

	(void)state;
	assert_non_null(big);
	memset(big, '7', 5000);
	memcpy(big + 5000, "/QĐ-UBND", 9);
	assert_int_equal(vt_symbol_parse(&s, big, strlen(big)), 0);
	assert_false(vt_symbol_find(&s, big, strlen(big), 0));
	free(big);
	none("123456789/QĐ-UBND");
	check("12345678/QĐ-UBND", "12345678/QĐ-UBND", "QĐ", VT_FAMILY_STATE, "decision");
	t = "1/../../../pwned/UBND-NC";
	if (vt_symbol_parse(&s, t, strlen(t))) {
		assert_null(strstr(s.canon, ".."));
	}
	/* a very long code does not overflow the fixed fields */
	t = "5/QĐ-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
	vt_symbol_parse(&s, t, strlen(t));
	assert_true(strlen(s.canon) < sizeof(s.canon));
	/* truncated input: the length is honoured, not the NUL */
	t = "59-NQ/TW";
	assert_int_equal(vt_symbol_parse(&s, t, 5), 0);
	/* invalid UTF-8 right after a code */
	t = "59-NQ/TW\xff\xfe";
	assert_true(vt_symbol_parse(&s, t, strlen(t)) > 0);
	assert_null(vt_symbol_doc_type(NULL, VT_FAMILY_STATE));
	assert_null(vt_family_name(VT_FAMILY_NONE));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_state_typed),
		cmocka_unit_test(test_normative),
		cmocka_unit_test(test_congvan),
		cmocka_unit_test(test_party),
		cmocka_unit_test(test_blank_numbers),
		cmocka_unit_test(test_tolerance),
		cmocka_unit_test(test_d_and_dj),
		cmocka_unit_test(test_not_symbols),
		cmocka_unit_test(test_find_in_prose),
		cmocka_unit_test(test_every_type_code),
		cmocka_unit_test(test_case_slips_and_padding),
		cmocka_unit_test(test_dash_lookalikes_and_splits),
		cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
