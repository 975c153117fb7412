/* pipeline: prepare on threads, finish in order (vanthu/pipeline.h). */
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "vanthu/error.h"
#include "vanthu/pipeline.h"

#define THREADS_MAX 64

struct pipeline {
	pthread_mutex_t mu;
	pthread_cond_t ready, room;
	unsigned char *done;   /* done[i % window]: item i is prepared */
	size_t n, window;
	size_t next;           /* the next item a thread takes */
	size_t finished;       /* items finished */
	size_t wanted;         /* the caller waits for item wanted - 1 */
	size_t idle;           /* threads asleep on `room` */
	int stop;
	vt_pipeline_prepare_fn prepare;
	void *ctx;
};

struct worker {
	struct pipeline *p;
	int thread;
};

static void *work(void *arg)
{
	struct worker *w = arg;
	struct pipeline *p = w->p;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		size_t i;

		while (!p->stop && p->next < p->n && p->next >= p->finished + p->window) {
			p->idle++;
			pthread_cond_wait(&p->room, &p->mu);
			p->idle--;
		}
		if (p->stop || p->next >= p->n)
			break;
		i = p->next++;
		pthread_mutex_unlock(&p->mu);
		p->prepare(p->ctx, i, w->thread);
		pthread_mutex_lock(&p->mu);
		p->done[i % p->window] = 1;
		if (p->wanted == i + 1)
			pthread_cond_signal(&p->ready);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

static int run_serial(size_t n, vt_pipeline_prepare_fn prepare,
                      vt_pipeline_finish_fn finish, void *ctx)
{
	int err = 0;

	for (size_t i = 0; i < n && !err; i++) {
		prepare(ctx, i, 0);
		err = finish(ctx, i);
	}
	return err;
}

int vt_pipeline_run(size_t n, int nthreads, size_t window,
                    vt_pipeline_prepare_fn prepare, vt_pipeline_finish_fn finish,
                    void *ctx)
{
	struct pipeline p = { .n = n, .window = window ? window : 1,
	                      .prepare = prepare, .ctx = ctx };
	struct worker w[THREADS_MAX];
	pthread_t tids[THREADS_MAX];
	int nt = 0, err = 0;

	if (nthreads > THREADS_MAX)
		nthreads = THREADS_MAX;
	if (nthreads <= 1 || n <= 1)
		return run_serial(n, prepare, finish, ctx);
	if (!(p.done = calloc(p.window, 1)))
		return vt_error_oom();
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.ready, NULL);
	pthread_cond_init(&p.room, NULL);
	while (nt < nthreads && (size_t)nt < n) {
		w[nt] = (struct worker){ &p, nt };
		if (pthread_create(&tids[nt], NULL, work, &w[nt]) != 0)
			break;
		nt++;
	}
	if (!nt)
		err = vt_error_set(VT_EIO, "cannot start a thread");
	for (size_t i = 0; i < n && !err; i++) {
		unsigned char *done = &p.done[i % p.window];

		pthread_mutex_lock(&p.mu);
		while (!*done) {
			p.wanted = i + 1;
			pthread_cond_wait(&p.ready, &p.mu);
		}
		p.wanted = 0;
		pthread_mutex_unlock(&p.mu);
		err = finish(ctx, i);
		pthread_mutex_lock(&p.mu);
		*done = 0;
		p.finished = i + 1;
		/* Wake the threads when half the window is free, not after every
		 * item: a wake-up can cost more than the item. */
		if (p.idle && p.finished + p.window - p.next >= p.window / 2)
			pthread_cond_broadcast(&p.room);
		pthread_mutex_unlock(&p.mu);
	}
	pthread_mutex_lock(&p.mu);
	p.stop = 1;
	pthread_cond_broadcast(&p.room);
	pthread_mutex_unlock(&p.mu);
	while (nt > 0)
		pthread_join(tids[--nt], NULL);
	pthread_cond_destroy(&p.room);
	pthread_cond_destroy(&p.ready);
	pthread_mutex_destroy(&p.mu);
	free(p.done);
	return err;
}

int vt_pipeline_cores(int max)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > max ? max : (int)n;
}
