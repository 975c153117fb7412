/*
 * The agency register: the data parses, names normalise, provinces map
 * through the 2025 mergers, and the matcher keeps provinces apart.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "vanthu/agency.h"

static void norm_is(const char *in, const char *prov, const char *want)
{
	char *got = vt_agency_normalise(in, strlen(in), prov);

	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void test_register_loads(void **state)
{
	int n = vt_agency_count(), i, provinces = 0, current = 0, ministries = 0;

	(void)state;
	assert_true(n > 150);
	for (i = 0; i < n; i++) {
		const struct vt_agency *a = vt_agency_get((size_t)i);

		assert_non_null(a);
		assert_true(a->name[0] != '\0');
		if (a->kind == VT_AGENCY_PROVINCE) {
			provinces++;
			current += a->valid_to[0] == '\0';
		}
		if (a->kind == VT_AGENCY_MINISTRY && !a->valid_to[0])
			ministries++;
	}
	assert_int_equal(current, 34);
	assert_int_equal(provinces, 63);
	/* 14 ministries + NHNN + TTCP (VPCP is listed with the central bodies) */
	assert_int_equal(ministries, 16);
	assert_null(vt_agency_get((size_t)n));
}

static void test_find(void **state)
{
	const struct vt_agency *a;

	(void)state;
	a = vt_agency_find("SNgV", 4);
	assert_non_null(a);
	assert_string_equal(a->name, "Sở Ngoại vụ");
	a = vt_agency_find("bo chinh tri", strlen("bo chinh tri"));
	assert_non_null(a);
	assert_string_equal(a->name, "Bộ Chính trị");
	assert_int_equal(a->kind, VT_AGENCY_PARTY);
	a = vt_agency_find("Bộ Kế hoạch và Đầu tư", strlen("Bộ Kế hoạch và Đầu tư"));
	assert_non_null(a);
	assert_string_equal(a->successor, "Bộ Tài chính");
	assert_string_equal(a->valid_to, "2025-02-28");
	assert_null(vt_agency_find("Sở Không Có", strlen("Sở Không Có")));
}

static void test_agency_at_keeps_commas(void **state)
{
	const char *t = "của Bộ Văn hóa, Thể thao và Du lịch về việc tổ chức";
	const struct vt_agency *a;
	size_t p = strlen("của "), n = vt_agency_at(&a, t, strlen(t), p);

	(void)state;
	assert_int_equal(n, strlen("Bộ Văn hóa, Thể thao và Du lịch"));
	assert_string_equal(a->name, "Bộ Văn hóa, Thể thao và Du lịch");
	/* no name in the middle of a word */
	assert_int_equal(vt_agency_at(&a, "XBộ Y tế", 9, 1), 0);
	/* "Bộ Y" is not "Bộ Y tế" */
	assert_int_equal(vt_agency_at(&a, "Bộ Y", strlen("Bộ Y"), 0), 0);
}

static void test_normalise(void **state)
{
	(void)state;
	norm_is("Sở NN&MT", NULL, "Sở Nông nghiệp và Môi trường");
	norm_is("SNgV", NULL, "Sở Ngoại vụ");
	norm_is("  Sở   Ngoại vụ ", NULL, "Sở Ngoại vụ");
	norm_is("UBND tỉnh", "Đồng Nai", "Ủy ban nhân dân tỉnh Đồng Nai");
	norm_is("UBND tỉnh", NULL, "Ủy ban nhân dân tỉnh");
	norm_is("UBND thành phố", "Hà Nội", "Ủy ban nhân dân thành phố Hà Nội");
	norm_is("Sở Ngoại vụ", "Tây Ninh", "Sở Ngoại vụ tỉnh Tây Ninh");
	norm_is("Sở NN&MT tỉnh Gia Lai", "Đồng Nai", "Sở Nông nghiệp và Môi trường tỉnh Gia Lai");
	norm_is("UBND các xã, phường", NULL, "Ủy ban nhân dân các xã, phường");
	norm_is("BQL KKT", NULL, "Ban Quản lý Khu kinh tế");
	norm_is("Sở KH&ĐT", NULL, "Sở Kế hoạch và Đầu tư");
	norm_is("Hội Nông dân", NULL, "Hội Nông dân");
}

static void test_provinces(void **state)
{
	size_t s, e;
	const char *t = "Ủy ban nhân dân tỉnh Bình Phước (cũ)";

	(void)state;
	assert_string_equal(vt_agency_province_successor("Bình Phước", "2025-08-01"), "Đồng Nai");
	assert_string_equal(vt_agency_province_successor("Bình Phước", "2025-03-01"), "Bình Phước");
	assert_string_equal(vt_agency_province_successor("Long An", NULL), "Tây Ninh");
	assert_string_equal(vt_agency_province_successor("binh dinh", "2026"), "Gia Lai");
	assert_string_equal(vt_agency_province_successor("Đồng Nai", "2025-08-01"), "Đồng Nai");
	assert_null(vt_agency_province_successor("Atlantis", NULL));
	assert_string_equal(vt_agency_province_in(t, strlen(t), &s, &e), "Bình Phước");
	assert_int_equal(e - s, strlen("Bình Phước"));
	assert_string_equal(vt_agency_province("TP HCM", 6), "Hồ Chí Minh");
	assert_null(vt_agency_province_in("long an toàn", strlen("long an toàn"), NULL, NULL));
}

static void test_match(void **state)
{
	(void)state;
	assert_true(vt_agency_match("so ngoai vu", NULL, "Sở Ngoại vụ tỉnh Tây Ninh", NULL));
	assert_true(vt_agency_match("SNgV", NULL, "Sở Ngoại vụ", NULL));
	assert_false(vt_agency_match("Sở Ngoại vụ", "Đồng Nai", "Sở Ngoại vụ tỉnh Tây Ninh", NULL));
	assert_true(vt_agency_match("Sở Ngoại vụ", "Tây Ninh", "Sở Ngoại vụ tỉnh Tây Ninh", NULL));
	assert_false(vt_agency_match("Sở Ngoại vụ", "Đồng Nai", "Sở Ngoại vụ", "Gia Lai"));
	/* Bình Phước's agencies are Đồng Nai's since the merger */
	assert_true(vt_agency_match("Sở Tài chính", "Bình Phước", "Sở Tài chính tỉnh Đồng Nai", NULL));
	assert_false(vt_agency_match("so tai chinh", NULL, "Sở Tư pháp", NULL));
	assert_false(vt_agency_match("", NULL, "Sở Tư pháp", NULL));
}

static void test_codes(void **state)
{
	const struct vt_agency *cp = vt_agency_find("Chính phủ", strlen("Chính phủ"));
	const struct vt_agency *bct = vt_agency_find("Bộ Chính trị", strlen("Bộ Chính trị"));

	(void)state;
	assert_int_equal(vt_agency_has_code(cp, "CP"), 1);
	assert_int_equal(vt_agency_has_code(cp, "TW"), 0);
	assert_int_equal(vt_agency_has_code(bct, "TW"), 1);
	assert_int_equal(vt_agency_has_code(NULL, "TW"), -1);
	assert_true(vt_agency_code_known("TTg"));
	assert_false(vt_agency_code_known("XYZQ"));
}

static void test_hostile(void **state)
{
	char junk[601];
	size_t i;
	char *n;

	(void)state;
	for (i = 0; i + 1 < sizeof(junk); i++)
		junk[i] = (char)(0x80 + (i * 37) % 0x7f);
	junk[sizeof(junk) - 1] = '\0';
	n = vt_agency_normalise(junk, sizeof(junk) - 1, "Đồng Nai");
	assert_non_null(n);
	free(n);
	assert_null(vt_agency_province_in(junk, sizeof(junk) - 1, NULL, NULL));
	assert_int_equal(vt_agency_at(NULL, junk, sizeof(junk) - 1, 3), 0);
	assert_null(vt_agency_normalise(NULL, 0, NULL));
	vt_agency_match(junk, NULL, junk, "Đồng Nai");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_register_loads),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_agency_at_keeps_commas),
		cmocka_unit_test(test_normalise),
		cmocka_unit_test(test_provinces),
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_codes),
		cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
