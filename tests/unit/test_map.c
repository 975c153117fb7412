/*
 * The string map of vanthu/map.h: empty, growing past its first sizes,
 * overwriting, keys that share a prefix, and the keys it points to.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <vanthu/map.h>

#define N 5000

static void test_empty(void **state)
{
	struct vt_map m = { 0 };

	(void)state;
	assert_true(vt_map_get(&m, "a") == VT_MAP_NONE);
	assert_true(vt_map_get(&m, NULL) == VT_MAP_NONE);
	vt_map_free(&m);
	vt_map_free(&m);
}

static void test_many(void **state)
{
	static char keys[N][16];
	struct vt_map m = { 0 };
	size_t i;

	(void)state;
	for (i = 0; i < N; i++) {
		snprintf(keys[i], sizeof(keys[i]), "%zu/KH", i);
		assert_int_equal(vt_map_put(&m, keys[i], i), 0);
	}
	assert_int_equal(m.count, N);
	for (i = 0; i < N; i++)
		assert_int_equal(vt_map_get(&m, keys[i]), i);
	/* "1/K" is a prefix of "1/KH", not the same key */
	assert_true(vt_map_get(&m, "1/K") == VT_MAP_NONE);
	assert_true(vt_map_get(&m, "5000/KH") == VT_MAP_NONE);
	/* a new value for a key: one entry still, looked up by equal text */
	assert_int_equal(vt_map_put(&m, "7/KH", 70), 0);
	assert_int_equal(m.count, N);
	assert_int_equal(vt_map_get(&m, keys[7]), 70);
	vt_map_free(&m);
	assert_true(vt_map_get(&m, keys[1]) == VT_MAP_NONE);
	assert_int_equal(vt_map_put(&m, keys[1], 1), 0);
	assert_int_equal(vt_map_get(&m, "1/KH"), 1);
	vt_map_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_many),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
