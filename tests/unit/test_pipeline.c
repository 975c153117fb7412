/*
 * The ordered pipeline of vanthu/pipeline.h: items finished in order
 * whatever order the threads prepare them in, the window respected, a
 * stop returned with nothing finished after it, and the one-thread path.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include <vanthu/pipeline.h>

#define N 2000
#define WINDOW 8

struct ctx {
	size_t value[WINDOW];     /* slot i % WINDOW holds item i's result */
	int prepared[N];
	size_t finished, stop_at;
	int threads_seen[64];
	size_t max_ahead;
	pthread_mutex_t mu;
};

static void prepare(void *p, size_t i, int thread)
{
	struct ctx *c = p;

	/* Uneven work, so that threads finish out of order. */
	if (i % 7 == 0) {
		struct timespec t = { 0, 20000 };

		nanosleep(&t, NULL);
	}
	pthread_mutex_lock(&c->mu);
	assert_true(i < c->finished + WINDOW);   /* never past the window */
	if (i - c->finished > c->max_ahead)
		c->max_ahead = i - c->finished;
	c->threads_seen[thread] = 1;
	c->prepared[i]++;
	pthread_mutex_unlock(&c->mu);
	c->value[i % WINDOW] = i * 3 + 1;
}

static int finish(void *p, size_t i)
{
	struct ctx *c = p;

	assert_int_equal(i, c->finished);
	assert_int_equal(c->value[i % WINDOW], i * 3 + 1);
	pthread_mutex_lock(&c->mu);
	c->finished = i + 1;
	pthread_mutex_unlock(&c->mu);
	return c->finished == c->stop_at ? 7 : 0;
}

static struct ctx *new_ctx(size_t stop_at)
{
	struct ctx *c = calloc(1, sizeof(*c));

	assert_non_null(c);
	c->stop_at = stop_at;
	pthread_mutex_init(&c->mu, NULL);
	return c;
}

static void free_ctx(struct ctx *c)
{
	pthread_mutex_destroy(&c->mu);
	free(c);
}

static void test_in_order_on_threads(void **state)
{
	struct ctx *c = new_ctx(0);

	(void)state;
	assert_int_equal(vt_pipeline_run(N, 4, WINDOW, prepare, finish, c), 0);
	assert_int_equal(c->finished, N);
	for (size_t i = 0; i < N; i++)
		assert_int_equal(c->prepared[i], 1);
	assert_true(c->threads_seen[1] || c->threads_seen[2] || c->threads_seen[3]);
	assert_true(c->max_ahead < WINDOW);
	free_ctx(c);
}

static void test_stop(void **state)
{
	struct ctx *c = new_ctx(500);

	(void)state;
	assert_int_equal(vt_pipeline_run(N, 3, WINDOW, prepare, finish, c), 7);
	assert_int_equal(c->finished, 500);
	/* what was read ahead is at most a window */
	for (size_t i = 500 + WINDOW; i < N; i++)
		assert_int_equal(c->prepared[i], 0);
	free_ctx(c);
}

static void test_one_thread(void **state)
{
	struct ctx *c = new_ctx(N);

	(void)state;
	assert_int_equal(vt_pipeline_run(N, 1, WINDOW, prepare, finish, c), 7);
	assert_int_equal(c->finished, N);
	assert_int_equal(c->max_ahead, 0);   /* each prepared, then finished */
	assert_false(c->threads_seen[1]);
	free_ctx(c);
	c = new_ctx(0);
	assert_int_equal(vt_pipeline_run(0, 4, WINDOW, prepare, finish, c), 0);
	assert_int_equal(c->finished, 0);
	free_ctx(c);
}

static void test_cores(void **state)
{
	(void)state;
	assert_true(vt_pipeline_cores(8) >= 1);
	assert_true(vt_pipeline_cores(8) <= 8);
	assert_int_equal(vt_pipeline_cores(1), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_in_order_on_threads),
		cmocka_unit_test(test_stop),
		cmocka_unit_test(test_one_thread),
		cmocka_unit_test(test_cores),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
