/*
 * The growing string of vanthu/buf.h: empty takes, growth over many
 * doublings with bytes intact, printf output longer than any first
 * guess, and NUL bytes kept by length.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <vanthu/buf.h>

static void test_empty(void **state)
{
	struct vt_buf b = { 0 };
	char *s;

	(void)state;
	s = vt_buf_take(&b);
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
	assert_null(b.p);
	assert_int_equal(b.n, 0);
}

static void test_growth(void **state)
{
	struct vt_buf b = { 0 };
	size_t i;
	char *s;

	(void)state;
	for (i = 0; i < 10000; i++) {
		vt_buf_put(&b, "Sở Tài chính;", strlen("Sở Tài chính;"));
		vt_buf_put(&b, NULL, 0);
	}
	assert_int_equal(b.oom, 0);
	assert_int_equal(b.n, 10000 * strlen("Sở Tài chính;"));
	assert_true(b.cap > b.n);
	assert_int_equal(b.p[b.n], '\0');
	for (i = 0; i < 10000; i += 977)
		assert_memory_equal(b.p + i * strlen("Sở Tài chính;"), "Sở Tài chính;",
		                    strlen("Sở Tài chính;"));
	s = vt_buf_take(&b);
	assert_memory_equal(s, "Sở Tài chính;Sở", strlen("Sở Tài chính;Sở"));
	free(s);
}

static void test_printf(void **state)
{
	struct vt_buf b = { 0 };
	char big[5000];
	char *s;

	(void)state;
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	vt_buf_puts(&b, "số ");
	vt_buf_printf(&b, "%d/TB-VPCP", 398);
	assert_string_equal(b.p, "số 398/TB-VPCP");
	vt_buf_printf(&b, "[%s]", big);
	assert_int_equal(b.n, strlen("số 398/TB-VPCP") + sizeof(big) + 1);
	assert_int_equal(b.p[b.n - 1], ']');
	assert_int_equal(b.p[b.n], '\0');
	s = vt_buf_take(&b);
	assert_int_equal(strlen(s), strlen("số 398/TB-VPCP") + sizeof(big) + 1);
	free(s);
}

static void test_bytes(void **state)
{
	struct vt_buf b = { 0 };

	(void)state;
	vt_buf_put(&b, "a\0b", 3);
	assert_int_equal(b.n, 3);
	assert_memory_equal(b.p, "a\0b", 4);
	free(b.p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_growth),
		cmocka_unit_test(test_printf),
		cmocka_unit_test(test_bytes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
