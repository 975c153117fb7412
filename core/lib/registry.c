/*
 * The plugin registry.  Plugins are untrusted in the sense that they may be
 * stale, half-built or simply not ours: every check below is made before the
 * core touches a field it has not yet proven to be there, and a plugin that
 * fails one is dlclose()d and kept only as a (path, reason) pair so that
 * `vanthu plugins` can say why.
 */
#include <ctype.h>
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vanthu/error.h"
#include "vanthu/record.h"
#include "vanthu/registry.h"

#define FILE_PREFIX "vanthu-"
#define FILE_SUFFIX ".so"
#define MAX_NAME 64

struct entry {
	struct vt_plugin_info info;  /* info.path points at path */
	char *path;
	void *handle;
};

struct failure {
	struct vt_plugin_failure info;
	char *path;
	char *reason;
};

struct vt_registry {
	struct entry *plugins;
	size_t nplugins, plugins_cap;
	struct failure *failures;
	size_t nfailures, failures_cap;
};

int vt_registry_new(struct vt_registry **out)
{
	struct vt_registry *r;

	if (!out)
		return vt_error_set(VT_EUSAGE, "no output for the registry");
	*out = NULL;
	r = calloc(1, sizeof(*r));
	if (!r)
		return vt_error_oom();
	*out = r;
	return 0;
}

void vt_registry_free(struct vt_registry *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->nplugins; i++) {
		dlclose(r->plugins[i].handle);
		free(r->plugins[i].path);
	}
	for (i = 0; i < r->nfailures; i++) {
		free(r->failures[i].path);
		free(r->failures[i].reason);
	}
	free(r->plugins);
	free(r->failures);
	free(r);
}

static int grow(void **arr, size_t *cap, size_t n, size_t elem)
{
	size_t ncap;
	void *p;

	if (n < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 8;
	p = realloc(*arr, ncap * elem);
	if (!p)
		return vt_error_oom();
	*arr = p;
	*cap = ncap;
	return 0;
}

/*
 * Keep the failure and return VT_EPLUGIN with a message naming the file,
 * so that callers of vt_registry_add_file() see the same reason as
 * `vanthu plugins` does.
 */
__attribute__((format(printf, 3, 4)))
static int fail(struct vt_registry *r, const char *path, const char *fmt, ...)
{
	char reason[512];
	struct failure *f;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);

	if (grow((void **)&r->failures, &r->failures_cap, r->nfailures,
	         sizeof(*r->failures)) < 0)
		return VT_ENOMEM;
	f = &r->failures[r->nfailures];
	f->path = strdup(path);
	f->reason = strdup(reason);
	if (!f->path || !f->reason) {
		free(f->path);
		free(f->reason);
		return vt_error_oom();
	}
	f->info.path = f->path;
	f->info.reason = f->reason;
	r->nfailures++;
	return vt_error_set(VT_EPLUGIN, "cannot load plugin '%s': %s", path, reason);
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/*
 * "vanthu-<name>.so" -> name.  Names are limited to what can become a C
 * identifier once '-' is turned into '_', so the entry point is always a
 * symbol a plugin could have defined.
 */
static int name_of_file(char name[MAX_NAME], const char *file)
{
	size_t plen = strlen(FILE_PREFIX), slen = strlen(FILE_SUFFIX);
	size_t len = strlen(file), nlen, i;

	if (len <= plen + slen || strncmp(file, FILE_PREFIX, plen) != 0 ||
	    strcmp(file + len - slen, FILE_SUFFIX) != 0)
		return -1;
	nlen = len - plen - slen;
	if (nlen >= MAX_NAME)
		return -1;
	for (i = 0; i < nlen; i++) {
		unsigned char c = (unsigned char)file[plen + i];

		if (!isascii(c) || !(isalnum(c) || c == '-' || c == '_'))
			return -1;
	}
	memcpy(name, file + plen, nlen);
	name[nlen] = '\0';
	return 0;
}

static const struct entry *find_name(const struct vt_registry *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->nplugins; i++)
		if (strcmp(r->plugins[i].info.plugin->name, name) == 0)
			return &r->plugins[i];
	return NULL;
}

/* The reason a plugin struct is unusable, or NULL when it is fine. */
static const char *check_plugin(char *buf, size_t bufsz, const struct vt_plugin *p,
                                const char *name)
{
	/* abi first, and nothing else until size proves the rest is there. */
	if (p->abi != VT_PLUGIN_ABI) {
		snprintf(buf, bufsz, "wrong ABI %u (expected %u)", p->abi,
		         (unsigned)VT_PLUGIN_ABI);
		return buf;
	}
	if (p->size < sizeof(struct vt_plugin)) {
		snprintf(buf, bufsz, "struct vt_plugin too small: %u bytes (expected %zu)",
		         p->size, sizeof(struct vt_plugin));
		return buf;
	}
	if (!p->name)
		return "NULL callback 'name'";
	if (!p->version)
		return "NULL callback 'version'";
	if (!p->doc_type)
		return "NULL callback 'doc_type'";
	if (!p->detect)
		return "NULL callback 'detect'";
	if (!p->parse)
		return "NULL callback 'parse'";
	if (strcmp(p->name, name) != 0) {
		snprintf(buf, bufsz, "plugin name '%.64s' does not match its file name "
		         "(expected '%s')", p->name, name);
		return buf;
	}
	/* Its records would all fail validation: say so now, once. */
	if (!vt_record_type_valid(p->doc_type)) {
		snprintf(buf, bufsz, "document type '%.64s' is not a record type",
		         p->doc_type);
		return buf;
	}
	return NULL;
}

static int keep(struct vt_registry *r, const char *path, void *handle,
                const struct vt_plugin *p)
{
	struct entry *e;
	char *copy;

	if (grow((void **)&r->plugins, &r->plugins_cap, r->nplugins,
	         sizeof(*r->plugins)) < 0)
		return VT_ENOMEM;
	copy = strdup(path);
	if (!copy)
		return vt_error_oom();
	e = &r->plugins[r->nplugins++];
	e->path = copy;
	e->handle = handle;
	e->info.plugin = p;
	e->info.path = copy;
	return 0;
}

int vt_registry_add_file(struct vt_registry *r, const char *path)
{
	char name[MAX_NAME], sym[sizeof(VT_PLUGIN_ENTRY_PREFIX) + MAX_NAME];
	char buf[256];
	const struct vt_plugin *p;
	const char *why, *err;
	vt_plugin_entry entry;
	struct stat st;
	void *handle, *sym_addr;
	int rc;

	if (!r || !path)
		return vt_error_set(VT_EUSAGE, "no registry or no plugin path");
	if (name_of_file(name, base_name(path)) < 0)
		return fail(r, path, "file name is not vanthu-<name>.so");

	/* The first plugin of a name wins: the later one is never opened. */
	if (find_name(r, name))
		return 0;

	if (stat(path, &st) == 0 && (st.st_mode & S_IWOTH))
		return fail(r, path, "plugin file is writable by anyone");

	/* Without a '/' dlopen() would search the library path instead. */
	dlerror();
	if (!strchr(path, '/')) {
		char local[PATH_MAX];

		snprintf(local, sizeof(local), "./%s", path);
		handle = dlopen(local, RTLD_NOW | RTLD_LOCAL);
	} else {
		handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	}
	if (!handle) {
		err = dlerror();
		return fail(r, path, "%s", err ? err : "dlopen failed");
	}

	snprintf(sym, sizeof(sym), "%s%s", VT_PLUGIN_ENTRY_PREFIX, name);
	for (char *c = sym + strlen(VT_PLUGIN_ENTRY_PREFIX); *c; c++)
		if (*c == '-')
			*c = '_';

	dlerror();
	sym_addr = dlsym(handle, sym);
	if (!sym_addr) {
		rc = fail(r, path, "missing entry point '%s'", sym);
		dlclose(handle);
		return rc;
	}
	/* POSIX blesses this conversion; memcpy keeps ISO C quiet about it. */
	memcpy(&entry, &sym_addr, sizeof(entry));
	p = entry();
	if (!p) {
		rc = fail(r, path, "entry point '%s' returned NULL", sym);
		dlclose(handle);
		return rc;
	}
	why = check_plugin(buf, sizeof(buf), p, name);
	if (why) {
		rc = fail(r, path, "%s", why);
		dlclose(handle);
		return rc;
	}
	rc = keep(r, path, handle, p);
	if (rc < 0)
		dlclose(handle);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_names(char **names, size_t n)
{
	while (n)
		free(names[--n]);
	free(names);
}

/* The vanthu-*.so names in `dir`, sorted, so load order never depends on readdir. */
static int list_dir(char ***out, size_t *out_n, DIR *d)
{
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;

	while ((de = readdir(d)) != NULL) {
		if (fnmatch(FILE_PREFIX "*" FILE_SUFFIX, de->d_name, FNM_PERIOD) != 0)
			continue;
		if (grow((void **)&names, &cap, n, sizeof(*names)) < 0 ||
		    !(names[n] = strdup(de->d_name))) {
			free_names(names, n);
			return vt_error_oom();
		}
		n++;
	}
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	*out = names;
	*out_n = n;
	return 0;
}

int vt_registry_add_dir(struct vt_registry *r, const char *dir)
{
	char **names = NULL, *path;
	size_t n = 0, i, before;
	struct stat st;
	DIR *d;
	int rc;

	if (!r || !dir)
		return vt_error_set(VT_EUSAGE, "no registry or no plugin folder");
	if (stat(dir, &st) < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 0;
		return fail(r, dir, "cannot read plugin folder: %s", strerror(errno));
	}
	if (!S_ISDIR(st.st_mode))
		return fail(r, dir, "plugin folder is not a folder");
	/*
	 * Anyone who can write here can make us run their code.  Only the
	 * folder itself is checked: /home or /usr/lib are the admin's business.
	 */
	if (st.st_mode & S_IWOTH) {
		fail(r, dir, "plugin folder '%s' is writable by anyone", dir);
		return vt_error_set(VT_EPLUGIN, "plugin folder '%s' is writable by anyone",
		                    dir);
	}
	d = opendir(dir);
	if (!d)
		return fail(r, dir, "cannot read plugin folder: %s", strerror(errno));
	rc = list_dir(&names, &n, d);
	closedir(d);
	if (rc < 0)
		return rc;

	before = r->nplugins;
	for (i = 0; i < n; i++) {
		if (asprintf(&path, "%s/%s", dir, names[i]) < 0) {
			free_names(names, n);
			return vt_error_oom();
		}
		rc = vt_registry_add_file(r, path);
		free(path);
		if (rc == VT_ENOMEM) {
			free_names(names, n);
			return rc;
		}
	}
	free_names(names, n);
	return (int)(r->nplugins - before);
}

/* dirname(readlink /proc/self/exe) into buf; -1 when unknown. */
static int exe_dir(char *buf, size_t bufsz)
{
	ssize_t len = readlink("/proc/self/exe", buf, bufsz - 1);
	char *slash;

	if (len <= 0 || (size_t)len >= bufsz - 1)
		return -1;
	buf[len] = '\0';
	slash = strrchr(buf, '/');
	if (!slash)
		return -1;
	if (slash == buf)
		slash[1] = '\0';
	else
		*slash = '\0';
	return 0;
}

static int add_beside_exe(struct vt_registry *r)
{
	char exe[PATH_MAX], dir[PATH_MAX + 32];
	struct stat st;

	if (exe_dir(exe, sizeof(exe)) < 0)
		return 0;
	snprintf(dir, sizeof(dir), "%s/plugins", exe);
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode))
		snprintf(dir, sizeof(dir), "%s/../lib/vanthu/plugins", exe);
	return vt_registry_add_dir(r, dir);
}

static int add_env_path(struct vt_registry *r)
{
	const char *env = getenv("VANTHU_PLUGIN_PATH");
	char *copy, *item, *save = NULL;
	int rc = 0;

	if (!env || !*env)
		return 0;
	copy = strdup(env);
	if (!copy)
		return vt_error_oom();
	/* strtok_r skips empty items, which is what we want for "a::b:". */
	for (item = strtok_r(copy, ":", &save); item; item = strtok_r(NULL, ":", &save)) {
		rc = vt_registry_add_dir(r, item);
		if (rc == VT_ENOMEM)
			break;
		rc = 0;
	}
	free(copy);
	return rc;
}

/*
 * Failures along the way are recorded, not returned: one bad folder must
 * not hide the plugins of the others.  Returns the number of plugins.
 */
int vt_registry_load_default(struct vt_registry *r, const char *plugin_dir)
{
	if (!r)
		return vt_error_set(VT_EUSAGE, "no registry");
	if (plugin_dir && vt_registry_add_dir(r, plugin_dir) == VT_ENOMEM)
		return VT_ENOMEM;
	if (add_env_path(r) == VT_ENOMEM)
		return VT_ENOMEM;
	if (add_beside_exe(r) == VT_ENOMEM)
		return VT_ENOMEM;
	vt_error_clear();
	return (int)r->nplugins;
}

size_t vt_registry_count(const struct vt_registry *r)
{
	return r ? r->nplugins : 0;
}

const struct vt_plugin_info *vt_registry_get(const struct vt_registry *r, size_t i)
{
	if (!r || i >= r->nplugins)
		return NULL;
	return &r->plugins[i].info;
}

size_t vt_registry_failure_count(const struct vt_registry *r)
{
	return r ? r->nfailures : 0;
}

const struct vt_plugin_failure *vt_registry_failure(const struct vt_registry *r,
                                                    size_t i)
{
	if (!r || i >= r->nfailures)
		return NULL;
	return &r->failures[i].info;
}

int vt_registry_pick(const struct vt_plugin **out, int *score,
                     const struct vt_registry *r, const struct vt_doc *doc)
{
	const struct vt_plugin *best = NULL;
	const char *path;
	int best_score = -1;
	size_t i;

	if (out)
		*out = NULL;
	if (score)
		*score = 0;
	if (!out || !r || !doc)
		return vt_error_set(VT_EUSAGE, "no registry or no document to pick for");
	path = doc->path ? doc->path : "-";

	for (i = 0; i < r->nplugins; i++) {
		const struct vt_plugin *p = r->plugins[i].info.plugin;
		int s = p->detect(doc);

		if (s < 0 || s > 100)
			s = 0;
		/* Strictly greater: ties go to the plugin loaded first. */
		if (s > best_score) {
			best_score = s;
			best = p;
		}
	}
	if (!best)
		return vt_error_set(VT_EUNRECOGNISED,
		                    "no plugin recognises '%s' (no plugins loaded)", path);
	if (score)
		*score = best_score;
	if (best_score < VT_DETECT_THRESHOLD)
		return vt_error_set(VT_EUNRECOGNISED, "no plugin recognises '%s'", path);
	*out = best;
	return 0;
}
