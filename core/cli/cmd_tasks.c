/*
 * vanthu tasks: the tasks of the held documents, filtered by agency,
 * province and deadline, with their status as of a date; --csv for the
 * spreadsheet people keep today.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vanthu/error.h"
#include "graphs/graph.h"
#include "graphs/index.h"
#include "cmd_graph.h"

const char cli_usage_tasks[] =
	"usage: vanthu tasks [--agency NAME] [--province P] [--due-before DATE]\n"
	"                    [--overdue-at DATE] [--json|--csv]\n"
	"\n"
	"The tasks the held documents set, with their status as of today\n"
	"($VANTHU_TODAY when set): open, due (a deadline within 7 days), overdue\n"
	"or done.\n"
	"\n"
	"  --agency NAME       tasks led or supported by NAME (\"Sở Ngoại vụ\",\n"
	"                      \"so ngoai vu\", \"SNgV\": the agency register matches)\n"
	"  --province P        tasks of the documents of province P (mergers followed)\n"
	"  --due-before DATE   tasks with a deadline on or before DATE\n"
	"  --overdue-at DATE   tasks overdue as of DATE (status as of DATE)\n"
	"  --json              {\"as_of\", \"tasks\": [{\"document\", \"label\", \"text\",\n"
	"                      \"lead\", \"support\", \"deadlines\", \"status\", ...}]}\n"
	"  --csv               document,number,label,lead,support,deadlines,status,text\n"
	"  -h, --help          print this help\n";

void cli_print_list(FILE *f, const cJSON *list)
{
	const cJSON *v;
	int first = 1;

	cJSON_ArrayForEach(v, list) {
		if (!cJSON_IsString(v))
			continue;
		fprintf(f, "%s%s", first ? "" : "; ", v->valuestring);
		first = 0;
	}
	if (first)
		fputs("-", f);
}

static int is_iso_date(const char *s)
{
	return strlen(s) == 10 && isdigit((unsigned char)s[0]) && s[4] == '-' &&
	       s[7] == '-' && isdigit((unsigned char)s[5]) && isdigit((unsigned char)s[8]);
}

int cli_at_rev(char oid[VT_OID_HEXSZ + 1], struct vt_store *s, const char *at)
{
	struct tm tm = { 0 };
	int rc;

	if (!is_iso_date(at)) {
		snprintf(oid, VT_OID_HEXSZ + 1, "%s", at);
		return CLI_OK;
	}
	if (sscanf(at, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3) {
		cli_error("'%s' is not a date (YYYY-MM-DD)", at);
		return CLI_USAGE;
	}
	/* The store as it was at the end of that day, local time. */
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_hour = 23;
	tm.tm_min = 59;
	tm.tm_sec = 59;
	tm.tm_isdst = -1;
	if ((rc = vt_store_rev_at(oid, s, (long long)mktime(&tm))) < 0)
		return cli_fail(rc, "no state of the store at '%s'", at);
	return CLI_OK;
}

int cli_load_graph_at(struct vt_graph **out, struct vt_store *s, const char *at)
{
	char oid[VT_OID_HEXSZ + 1];
	int rc, status;

	if (!at)
		return cli_load_graph(out, s);
	if ((status = cli_at_rev(oid, s, at)) != CLI_OK)
		return status;
	if ((rc = vt_graph_load_store(out, s, oid)) < 0)
		return cli_fail(rc, "cannot load the graph at '%s'", at);
	return CLI_OK;
}

static void csv_field(const char *s)
{
	putchar('"');
	for (; s && *s; s++) {
		if (*s == '"')
			putchar('"');
		putchar(*s == '\n' || *s == '\r' ? ' ' : *s);
	}
	putchar('"');
}

static void csv_list(const cJSON *list)
{
	const cJSON *v;
	int first = 1;

	putchar('"');
	cJSON_ArrayForEach(v, list) {
		if (!cJSON_IsString(v))
			continue;
		fputs(first ? "" : "; ", stdout);
		for (const char *p = v->valuestring; *p; p++) {
			if (*p == '"')
				putchar('"');
			putchar(*p == '\n' ? ' ' : *p);
		}
		first = 0;
	}
	putchar('"');
}

static void print_csv(const cJSON *tasks)
{
	const cJSON *t;

	puts("document,number,label,lead,support,deadlines,status,text");
	cJSON_ArrayForEach(t, tasks) {
		csv_field(cli_json_str(t, "document"));
		putchar(',');
		csv_field(cli_json_str(t, "number"));
		putchar(',');
		csv_field(cli_json_str(t, "label"));
		putchar(',');
		csv_list(cJSON_GetObjectItemCaseSensitive(t, "lead"));
		putchar(',');
		csv_list(cJSON_GetObjectItemCaseSensitive(t, "support"));
		putchar(',');
		csv_list(cJSON_GetObjectItemCaseSensitive(t, "deadlines"));
		putchar(',');
		csv_field(cli_json_str(t, "status"));
		putchar(',');
		csv_field(cli_json_str(t, "text"));
		fputs("\r\n", stdout);
	}
}

static void print_human(const cJSON *res)
{
	const cJSON *t, *tasks = cJSON_GetObjectItemCaseSensitive(res, "tasks");

	cJSON_ArrayForEach(t, tasks) {
		const char *num = cli_json_str(t, "number");

		printf("%-8s %s #%s\n", cli_json_str(t, "status"),
		       num ? num : cli_json_str(t, "document"), cli_json_str(t, "label"));
		fputs("         lead: ", stdout);
		cli_print_list(stdout, cJSON_GetObjectItemCaseSensitive(t, "lead"));
		fputs("  support: ", stdout);
		cli_print_list(stdout, cJSON_GetObjectItemCaseSensitive(t, "support"));
		fputs("  deadlines: ", stdout);
		cli_print_list(stdout, cJSON_GetObjectItemCaseSensitive(t, "deadlines"));
		fputs("\n         ", stdout);
		cli_print_trunc(stdout, cli_json_str(t, "text"), 100);
		putchar('\n');
	}
	printf("(%d task%s, status as of %s)\n", cJSON_GetArraySize(tasks),
	       cJSON_GetArraySize(tasks) == 1 ? "" : "s", cli_json_str(res, "as_of"));
}

int cmd_tasks(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "agency", required_argument, NULL, 'a' },
		{ "province", required_argument, NULL, 'p' },
		{ "due-before", required_argument, NULL, 'd' },
		{ "overdue-at", required_argument, NULL, 'o' },
		{ "json", no_argument, NULL, 'j' },
		{ "csv", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct vt_task_opts to = { 0 };
	struct vt_store *s = NULL;
	struct vt_graph *g = NULL;
	cJSON *res = NULL, *done = NULL;
	char today[11];
	int c, rc, json = 0, csv = 0, status;

	optind = 0;
	while ((c = cli_getopt(cli, argc, argv, "h", opts)) != -1) {
		switch (c) {
		case 'a': to.agency = optarg; break;
		case 'p': to.province = optarg; break;
		case 'd': to.due_before = optarg; break;
		case 'o': to.overdue_at = optarg; break;
		case 'j': json = 1; break;
		case 'c': csv = 1; break;
		case 'h': return cli_help(cli);
		default: return CLI_USAGE;
		}
	}
	if (optind < argc)
		return cli_usage_error(cli, "'tasks' takes no arguments");
	if (json && csv)
		return cli_usage_error(cli, "'--json' and '--csv' exclude each other");
	if ((to.due_before && !is_iso_date(to.due_before)) ||
	    (to.overdue_at && !is_iso_date(to.overdue_at)))
		return cli_usage_error(cli, "dates are YYYY-MM-DD");
	vt_index_today(today);
	to.today = today;
	if ((status = cli_open_graph(cli, &s, &g)) != CLI_OK)
		goto done;
	if ((rc = vt_index_done(&done, s, NULL)) < 0) {
		status = cli_fail(rc, "cannot read the completions");
		goto done;
	}
	to.done = done;
	if ((rc = vt_graph_tasks(&res, g, &to)) < 0) {
		status = cli_fail(rc, "cannot list the tasks");
		goto done;
	}
	if (json)
		status = cli_print_json(res);
	else if (csv)
		print_csv(cJSON_GetObjectItemCaseSensitive(res, "tasks"));
	else
		print_human(res);
done:
	cJSON_Delete(done);
	cJSON_Delete(res);
	vt_graph_free(g);
	vt_store_free(s);
	return cli_finish_output(status);
}
