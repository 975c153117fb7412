/*
 * Dates in words and numbers, partial dates of drafts, impossible days,
 * and vt_date_valid's shapes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "vanthu/date.h"

static void want(const char *in, const char *iso)
{
	char out[11];
	size_t n = vt_date_parse(out, in, strlen(in));

	if (!iso) {
		assert_int_equal(n, 0);
		assert_string_equal(out, "");
		return;
	}
	assert_true(n > 0);
	assert_string_equal(out, iso);
}

static void test_words(void **state)
{
	(void)state;
	want("ngày 05 tháng 5 năm 2024", "2024-05-05");
	want("ngày 05 tháng 5, năm 2024", "2024-05-05");
	want("Ngày 29 tháng 6 năm 2019", "2019-06-29");
	want("ngay 5 thang 01 nam 2020", "2020-01-05");
	want("ngày 19 tháng\n6 năm 2015", "2015-06-19");
}

static void test_blank_day_month(void **state)
{
	(void)state;
	want("ngày      tháng 9 năm 2025", "2025-09");
	want("ngày tháng 4 năm 2026", "2026-04");
	want("ngày ... tháng ... năm 2025", "2025");
	want("ngày … tháng 3 năm 2026", "2026-03");
	/* a day without a month is not a date */
	want("ngày 12 tháng năm 2025", NULL);
}

static void test_numeric(void **state)
{
	(void)state;
	want("05/8/2025", "2025-08-05");
	want("20/02/2023", "2023-02-20");
	want("4-7-2017", "2017-07-04");
	want("01.10.1997", "1997-10-01");
	want("ngày 24/01/2025", "2025-01-24");
	want("  31/12/2030;", "2030-12-31");
}

static void test_impossible(void **state)
{
	(void)state;
	want("31/2/2024", NULL);
	want("30/02/2024", NULL);
	want("29/02/2023", NULL);
	want("29/02/2024", "2024-02-29");
	want("31/4/2025", NULL);
	want("0/5/2025", NULL);
	want("12/13/2025", NULL);
	want("ngày 32 tháng 1 năm 2025", NULL);
	want("2022-2026", NULL);
	want("1/2/20255", NULL);
	want("5/8/25", NULL);
	want("", NULL);
}

static void test_find(void **state)
{
	const char *t = "Thông báo số 12/TB-VPCP ngày 05/8/2025 của Văn phòng; "
	                "Hà Nội, ngày        tháng 8 năm 2025; mục 1.2.2024.5";
	char iso[11];
	size_t s = 0, e = 0, from = 0;
	int n = 0;

	(void)state;
	assert_true(vt_date_find(iso, &s, &e, t, strlen(t), 0));
	assert_string_equal(iso, "2025-08-05");
	assert_int_equal(s, (size_t)(strstr(t, "ngày 05") - t));
	assert_int_equal(e, (size_t)(strstr(t, " của") - t));
	while (vt_date_find(iso, &s, &e, t, strlen(t), from)) {
		n++;
		from = e;
	}
	assert_int_equal(n, 2);
	assert_false(vt_date_find(iso, &s, &e, "30/2020/NĐ-CP", 13, 0));
}

static void test_hostile(void **state)
{
	char *big = malloc(10001), iso[11];
	size_t s, e;

	(void)state;
	assert_non_null(big);
	memset(big, '9', 10000);
	big[10000] = '\0';
	assert_false(vt_date_find(iso, &s, &e, big, 10000, 0));
	memset(big, '/', 10000);
	assert_false(vt_date_find(iso, &s, &e, big, 10000, 0));
	free(big);
	/* the length bounds the scan, not the NUL */
	assert_int_equal(vt_date_parse(iso, "05/8/2025", 6), 0);
	assert_int_equal(vt_date_parse(iso, "ngày 05 tháng 5 năm 2024", 20), 0);
}

static void test_valid(void **state)
{
	(void)state;
	assert_true(vt_date_valid("2025"));
	assert_true(vt_date_valid("2025-09"));
	assert_true(vt_date_valid("2024-02-29"));
	assert_true(vt_date_valid("2026-Q3"));
	assert_true(vt_date_valid("--05-31"));
	assert_true(vt_date_valid("--02-29"));
	assert_false(vt_date_valid("2023-02-29"));
	assert_false(vt_date_valid("2025-13"));
	assert_false(vt_date_valid("2026-Q5"));
	assert_false(vt_date_valid("--04-31"));
	assert_false(vt_date_valid("20250101"));
	assert_false(vt_date_valid("2025-1-1"));
	assert_false(vt_date_valid(""));
	assert_false(vt_date_valid(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_blank_day_month),
		cmocka_unit_test(test_numeric),
		cmocka_unit_test(test_impossible),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_valid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
