#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vanthu/error.h"
#include "vanthu/file.h"

struct vt_afile {
	char *path;
	char *tmp;      /* NULL when writing in place */
	FILE *f;
};

static void afile_free(struct vt_afile *a)
{
	if (!a)
		return;
	if (a->f)
		fclose(a->f);
	if (a->tmp)
		unlink(a->tmp);
	free(a->tmp);
	free(a->path);
	free(a);
}

int vt_afile_open(struct vt_afile **out, const char *path)
{
	struct vt_afile *a;
	struct stat st;
	const char *slash;
	int fd;

	*out = NULL;
	if (!path || !path[0])
		return vt_error_set(VT_EUSAGE, "no output file given");
	if (!(a = calloc(1, sizeof(*a))) || !(a->path = strdup(path))) {
		free(a);
		return vt_error_oom();
	}
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if (S_ISDIR(st.st_mode)) {
			afile_free(a);
			return vt_error_set(VT_EIO, "cannot write '%s': it is a directory", path);
		}
		if (!(a->f = fopen(path, "w"))) {
			afile_free(a);
			return vt_error_set(VT_EIO, "cannot write '%s': %s", path, strerror(errno));
		}
		*out = a;
		return 0;
	}
	/* beside the target, so that rename() stays within one file system */
	slash = strrchr(path, '/');
	if ((slash ? asprintf(&a->tmp, "%.*s/.vanthu-XXXXXX", (int)(slash - path), path)
	           : asprintf(&a->tmp, ".vanthu-XXXXXX")) < 0) {
		a->tmp = NULL;
		afile_free(a);
		return vt_error_oom();
	}
	if ((fd = mkstemp(a->tmp)) < 0) {
		int e = errno;

		free(a->tmp);
		a->tmp = NULL;
		afile_free(a);
		return vt_error_set(VT_EIO, "cannot create a file beside '%s': %s", path, strerror(e));
	}
	if (fchmod(fd, 0644) < 0 || !(a->f = fdopen(fd, "w"))) {
		int e = errno;

		close(fd);
		afile_free(a);
		return vt_error_set(VT_EIO, "cannot write '%s': %s", path, strerror(e));
	}
	*out = a;
	return 0;
}

FILE *vt_afile_stream(struct vt_afile *a)
{
	return a ? a->f : NULL;
}

int vt_afile_commit(struct vt_afile *a)
{
	int bad, e;

	if (!a)
		return vt_error_set(VT_EUSAGE, "no file to commit");
	bad = fflush(a->f) != 0 || ferror(a->f);
	if (!bad && a->tmp)
		bad = fsync(fileno(a->f)) < 0;
	e = errno;
	bad |= fclose(a->f) != 0;
	a->f = NULL;
	if (!bad && a->tmp) {
		bad = rename(a->tmp, a->path) < 0;
		e = errno;
		if (!bad) {
			free(a->tmp);
			a->tmp = NULL;
		}
	}
	if (bad) {
		vt_error_set(VT_EIO, "cannot write '%s': %s", a->path, strerror(e ? e : EIO));
		afile_free(a);
		return VT_EIO;
	}
	afile_free(a);
	return 0;
}

void vt_afile_abort(struct vt_afile *a)
{
	afile_free(a);
}

int vt_file_write(const char *path, const void *data, size_t len)
{
	struct vt_afile *a;
	int err;

	if ((err = vt_afile_open(&a, path)) < 0)
		return err;
	if (len && fwrite(data, 1, len, a->f) != len) {
		err = vt_error_set(VT_EIO, "cannot write '%s': %s", path, strerror(errno));
		vt_afile_abort(a);
		return err;
	}
	return vt_afile_commit(a);
}
