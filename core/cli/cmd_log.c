/*
 * vanthu log: the versions of a document, newest first, reaching back
 * through its draft (the issued text continues the draft's id).  Also the
 * helpers every history command shares (history_cli.h).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vanthu/error.h"
#include "vanthu/history.h"
#include "graphs/graph.h"
#include "history_cli.h"

const char cli_usage_log[] =
	"usage: vanthu log [--json] DOC\n"
	"\n"
	"The versions of DOC (an id or a number), newest first: each commit that\n"
	"added, changed or removed its record, with its time and message.  The\n"
	"history of a draft that was later issued is part of it.\n"
	"\n"
	"  --json      {\"id\", \"versions\": [{\"commit\", \"time\", \"kind\", \"message\",\n"
	"              \"verb\", \"author\"}]}\n"
	"  -h, --help  print this help\n";

/* ---- shared helpers ---------------------------------------------------- */

static int has_history(const struct vt_store_version *v, void *payload)
{
	(void)v;
	*(int *)payload = 1;
	return 1;   /* one is enough */
}

static int looks_like_id(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
			return 0;
	return 1;
}

int hist_resolve(char **id, struct vt_store *s, const char *doc, const char *rev)
{
	struct vt_graph *g = NULL;
	int rc, seen = 0, status;

	*id = NULL;
	if (looks_like_id(doc) && vt_store_log(s, doc, rev, has_history, &seen) >= 0 &&
	    seen) {
		if (!(*id = strdup(doc)))
			return cli_fail(vt_error_oom(), NULL);
		return CLI_OK;
	}
	vt_error_clear();
	rc = vt_ident_lookup(id, s, rev, doc);
	if (rc == VT_EAMBIGUOUS) {
		cli_fail(rc, NULL);
		return CLI_USAGE;
	}
	if (rc < 0)
		return cli_fail(rc, "cannot resolve '%s'", doc);
	if (rc == 1)
		return CLI_OK;
	if ((rc = vt_graph_load_store(&g, s, rev)) < 0)
		return cli_fail(rc, "cannot read store");
	status = cli_resolve(id, g, doc);
	vt_graph_free(g);
	return status;
}

static int parse_date(long long *when, const char *a)
{
	struct tm tm;
	int y, mo, d, h = 23, mi = 59, se = 59, n = 0;
	size_t len = strlen(a);

	if (len == 10 && sscanf(a, "%4d-%2d-%2d%n", &y, &mo, &d, &n) == 3 && n == 10) {
		;
	} else if ((len == 16 || len == 19) &&
	           sscanf(a, "%4d-%2d-%2dT%2d:%2d%n", &y, &mo, &d, &h, &mi, &n) == 5) {
		se = 0;
		if (len == 19 && sscanf(a + 16, ":%2d", &se) != 1)
			return -1;
	} else {
		return -1;
	}
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = se;
	*when = (long long)timegm(&tm);
	return 0;
}

int hist_rev(char oid[VT_OID_HEXSZ + 1], struct vt_store *s, const char *arg)
{
	long long when;
	int rc;

	if (parse_date(&when, arg) == 0)
		rc = vt_store_rev_at(oid, s, when);
	else
		rc = vt_store_resolve(oid, s, arg);
	if (rc < 0)
		return cli_fail(rc, "bad revision or date '%s'", arg);
	return CLI_OK;
}

void hist_time(char out[96], long long t, int offset)
{
	time_t local = (time_t)(t + (long long)offset * 60);
	int off = (offset < 0 ? -offset : offset) % (24 * 60);
	struct tm tm;

	gmtime_r(&local, &tm);
	snprintf(out, 96, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d",
	         tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	         tm.tm_min, tm.tm_sec, offset < 0 ? '-' : '+', off / 60, off % 60);
}

/* ---- log ---------------------------------------------------------------- */

static const char *kind_name(enum vt_change k)
{
	switch (k) {
	case VT_ADDED: return "added";
	case VT_CHANGED: return "changed";
	case VT_REMOVED: return "removed";
	default: return "unchanged";
	}
}

static int add_version(const struct vt_store_version *v, void *payload)
{
	cJSON *versions = payload, *o = cJSON_CreateObject();
	char when[96], verb[32] = "", *subject;
	const char *colon = strchr(v->message, ':'), *nl;
	size_t n;

	hist_time(when, v->time, v->offset);
	if (colon && (size_t)(colon - v->message) < sizeof(verb))
		snprintf(verb, sizeof(verb), "%.*s", (int)(colon - v->message), v->message);
	nl = strchr(v->message, '\n');
	n = nl ? (size_t)(nl - v->message) : strlen(v->message);
	if (!(subject = strndup(v->message, n))) {
		cJSON_Delete(o);
		return vt_error_oom();
	}
	if (!o || !cJSON_AddStringToObject(o, "commit", v->commit) ||
	    !cJSON_AddStringToObject(o, "time", when) ||
	    !cJSON_AddStringToObject(o, "kind", kind_name(v->kind)) ||
	    !cJSON_AddStringToObject(o, "message", subject) ||
	    !cJSON_AddStringToObject(o, "verb", verb) ||
	    !cJSON_AddStringToObject(o, "author", v->author) ||
	    !cJSON_AddItemToArray(versions, o)) {
		free(subject);
		cJSON_Delete(o);
		return vt_error_oom();
	}
	free(subject);
	return 0;
}

int cmd_log(struct cli *cli, int argc, char **argv)
{
	struct vt_store *s = NULL;
	cJSON *out = NULL, *versions;
	const cJSON *v;
	char *id = NULL;
	int rc, json, status;

	if ((status = cli_json_options(cli, argc, argv, &json)) != CLI_GO_ON)
		return status;
	if (optind + 1 != argc)
		return cli_usage_error(cli, "'log' takes one DOC");
	if ((status = cli_open_store(cli, &s)) != CLI_OK)
		return status;
	if ((status = hist_resolve(&id, s, argv[optind], NULL)) != CLI_OK)
		goto done;
	if (!(out = cJSON_CreateObject()) || !cJSON_AddStringToObject(out, "id", id) ||
	    !(versions = cJSON_AddArrayToObject(out, "versions"))) {
		status = cli_fail(vt_error_oom(), NULL);
		goto done;
	}
	if ((rc = vt_store_log(s, id, NULL, add_version, versions)) < 0) {
		status = cli_fail(rc, "cannot read the history of '%s'", id);
		goto done;
	}
	if (json) {
		status = cli_print_json(out) < 0 ? CLI_FAIL : CLI_OK;
		goto done;
	}
	printf("%s\n", id);
	cJSON_ArrayForEach(v, versions)
		printf("  %.10s  %s  %-8s %s\n", cli_json_str(v, "commit"),
		       cli_json_str(v, "time"), cli_json_str(v, "kind"),
		       cli_json_str(v, "message"));
done:
	cJSON_Delete(out);
	free(id);
	vt_store_free(s);
	return cli_finish_output(status);
}
