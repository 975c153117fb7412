/*
 * Tasks through the shared extraction, on a plan written for this test:
 * lettering with đ and gaps, leads named in several ways and normalised
 * through the agency register, support, deadlines of every shape, outputs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <vanthu/extract.h>
#include <vanthu/text.h>

static const struct vt_extract_opts plan = {"plan", "KẾ HOẠCH", 0};

static const char text[] =
	"ỦY BAN NHÂN DÂN\n"
	"TỈNH QUẢNG TRỊ\n"
	"Số: 77/KH-UBND          Quảng Trị, ngày 12 tháng 3 năm 2026\n"
	"\n"
	"KẾ HOẠCH\n"
	"Thúc đẩy hợp tác quốc tế năm 2026\n"
	"\n"
	"I. NHIỆM VỤ\n"
	"1. Giao nhiệm vụ cụ thể\n"
	"a) Sở NN&MT chủ trì, phối hợp với Sở Tài chính xây dựng Kế hoạch chuyển đổi số "
	"ngành nông nghiệp, hoàn thành trong quý III/2026.\n"
	"b) SNgV chủ trì tham mưu ban hành Quyết định thành lập Tổ công tác, trình trước "
	"ngày 30/9/2026.\n"
	"đ) Sở Công Thương báo cáo kết quả trước ngày 31/5 hằng năm.\n"
	"g) Đề nghị Sở Y tế phối hợp với các cơ quan liên quan hoàn thành trong tháng 6/2026; "
	"định kỳ hằng quý báo cáo trong 10 ngày làm việc kể từ khi kết thúc quý.\n"
	"h) Các sở, ban, ngành triển khai trong 6 tháng đầu năm 2026.\n"
	"./.\n";

struct parsed {
	struct vt_text *t;
	struct vt_doc doc;
	cJSON *rec;
};

static const cJSON *task(const cJSON *rec, const char *label)
{
	const cJSON *t;

	cJSON_ArrayForEach(t, cJSON_GetObjectItem(rec, "tasks")) {
		const cJSON *l = cJSON_GetObjectItem(t, "label");

		if (cJSON_IsString(l) && !strcmp(l->valuestring, label))
			return t;
	}
	fail_msg("no task '%s'", label);
	return NULL;
}

static int has(const cJSON *t, const char *list, const char *want)
{
	const cJSON *v;

	cJSON_ArrayForEach(v, cJSON_GetObjectItem(t, list))
		if (cJSON_IsString(v) && !strcmp(v->valuestring, want))
			return 1;
	fail_msg("'%s' not in %s", want, list);
	return 0;
}

/*
 * A công văn that lists its tasks as bullets, and the shapes of the other
 * provinces and Party committees: dates in words, "tháng 11-2025", several
 * leads in one item, a group with its names, standing bodies.
 */
static const char bullets[] =
	"ỦY BAN NHÂN DÂN\n"
	"PHƯỜNG AN HÒA\n"
	"Số: 12/UBND-VP          An Hòa, ngày 3 tháng 12 năm 2025\n"
	"V/v triển khai nhiệm vụ chuyển đổi số\n"
	"\n"
	"Kính gửi: Các phòng chuyên môn.\n"
	"\n"
	"Ủy ban nhân dân phường giao nhiệm vụ như sau:\n"
	"- Phòng Văn hóa - Xã hội chủ trì, phối hợp với Công an phường hướng dẫn "
	"người dân, hoàn thành trước ngày 30 tháng 12 năm 2025.\n"
	"- Lưu ý bảo đảm an toàn thông tin.\n"
	"- Phòng Kinh tế rà soát hạ tầng, hoàn thành trong tháng 11-2025 (quý IV-2025); định kỳ "
	"trước ngày 15 tháng 12 hằng năm báo cáo.\n"
	"- Thường trực Hội đồng nhân dân phường, các Ban của Hội đồng nhân dân "
	"phường giám sát việc thực hiện; Văn phòng Ủy ban nhân dân phường theo dõi, "
	"tổng hợp.\n"
	"- Ủy ban nhân dân các tổ dân phố: Một, Hai, Ba tập trung vận động.\n"
	"- Ủy ban nhân dân phường giao Công an phường rà soát dữ liệu.\n"
	"- Sở Nội vụ chủ trì, phối hợp với Sở Y tế và Công an phường thực hiện trước "
	"17 giờ ngày 05/12/2025.\n"
	"Yêu cầu các đơn vị thực hiện./.\n";

/* A notice that reviews before it assigns, and a plan's table of tasks. */
static const char table[] =
	"ỦY BAN NHÂN DÂN\n"
	"THÀNH PHỐ HUẾ\n"
	"Số: 45/KH-UBND          Huế, ngày 22 tháng 4 năm 2025\n"
	"\n"
	"KẾ HOẠCH\n"
	"Chuyển đổi số năm 2025\n"
	"\n"
	"I. ĐÁNH GIÁ\n"
	"1. Đánh giá chung\n"
	"Sở Khoa học và Công nghệ đã triển khai nhiều nhiệm vụ.\n"
	"II. NHIỆM VỤ\n"
	"1. Kết quả đạt được\n"
	"Các sở đã hoàn thành kế hoạch năm trước.\n"
	"| TT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |\n"
	"|---|---|---|---|---|\n"
	"| 1 | Xây dựng Đề án | Sở Khoa học và Công nghệ | Sở Tài chính; Sở Nội vụ | Quý III/2025 |\n"
	"| 2 | Hoàn thiện dữ liệu | Sở Tài chính | | 30/9/2025 |\n"
	"| 3 | Đào tạo nhân lực | Sở Nội vụ | Công an thành phố | |\n"
	"| 4 | Bảo đảm kinh phí | Sở Tài chính | Sở Nội vụ | Năm 2025 |\n"
	"III. TỔ CHỨC THỰC HIỆN\n"
	"1. Sở Nội vụ tổ chức hội nghị (thời gian: tháng 5/2025).\n"
	"./.\n";

static const struct vt_extract_opts dispatch = {"dispatch", NULL, 1};

static int setup_text(void **state, const char *txt, const struct vt_extract_opts *o)
{
	struct parsed *p = calloc(1, sizeof(*p));
	struct vt_perr err = {{0}};

	if (!p || vt_text_load(&p->t, txt, strlen(txt), "test") != 0)
		return -1;
	p->doc.text = p->t->norm;
	p->doc.len = p->t->norm_len;
	p->doc.path = "test";
	p->doc.src = p->t;
	p->rec = cJSON_CreateObject();
	if (!p->rec || vt_extract_document(p->rec, &p->doc, o, &err) != 0)
		return -1;
	*state = p;
	return 0;
}

static int setup_bullets(void **state)
{
	return setup_text(state, bullets, &dispatch);
}

static int setup_table(void **state)
{
	return setup_text(state, table, &plan);
}

static int setup(void **state)
{
	return setup_text(state, text, &plan);
}

static int teardown(void **state)
{
	struct parsed *p = *state;

	cJSON_Delete(p->rec);
	vt_text_free(p->t);
	free(p);
	return 0;
}

static void test_lettering(void **state)
{
	const struct parsed *p = *state;

	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(p->rec, "tasks")), 5);
	task(p->rec, "I.1.a");
	task(p->rec, "I.1.đ");
	task(p->rec, "I.1.h");
}

static void test_leads_normalised(void **state)
{
	const struct parsed *p = *state;

	assert_true(has(task(p->rec, "I.1.a"), "lead", "Sở Nông nghiệp và Môi trường"));
	assert_true(has(task(p->rec, "I.1.a"), "support", "Sở Tài chính"));
	assert_true(has(task(p->rec, "I.1.b"), "lead", "Sở Ngoại vụ"));
	assert_true(has(task(p->rec, "I.1.g"), "lead", "Sở Y tế"));
	assert_true(has(task(p->rec, "I.1.g"), "support", "các cơ quan liên quan"));
	assert_true(has(task(p->rec, "I.1.h"), "lead", "Các sở, ban, ngành"));
}

static void test_deadlines(void **state)
{
	const struct parsed *p = *state;

	assert_true(has(task(p->rec, "I.1.a"), "deadlines", "2026-Q3"));
	assert_true(has(task(p->rec, "I.1.b"), "deadlines", "2026-09-30"));
	assert_true(has(task(p->rec, "I.1.đ"), "deadlines", "--05-31"));
	assert_true(has(task(p->rec, "I.1.g"), "deadlines", "2026-06"));
	assert_true(has(task(p->rec, "I.1.g"), "deadlines_text", "trong 10 ngày làm việc"));
	assert_true(has(task(p->rec, "I.1.h"), "deadlines", "2026-06"));
}

static void test_outputs(void **state)
{
	const struct parsed *p = *state;
	const cJSON *o = cJSON_GetArrayItem(cJSON_GetObjectItem(task(p->rec, "I.1.a"), "outputs"), 0);

	assert_non_null(o);
	assert_string_equal(cJSON_GetObjectItem(o, "type")->valuestring, "plan");
	assert_non_null(strstr(cJSON_GetObjectItem(o, "text")->valuestring, "Kế hoạch chuyển đổi số"));
	o = cJSON_GetArrayItem(cJSON_GetObjectItem(task(p->rec, "I.1.b"), "outputs"), 0);
	assert_non_null(o);
	assert_string_equal(cJSON_GetObjectItem(o, "type")->valuestring, "decision");
}

/* The record of a plan with `body` as its only item "1". */
static cJSON *parse_item(struct vt_text **t, const char *body)
{
	char buf[1024];
	struct vt_perr err = {{0}};
	struct vt_doc doc;
	cJSON *rec = cJSON_CreateObject();

	snprintf(buf, sizeof(buf), "KẾ HOẠCH\nThử\n\n1. %s\n", body);
	assert_int_equal(vt_text_load(t, buf, strlen(buf), "test"), 0);
	doc.text = (*t)->norm;
	doc.len = (*t)->norm_len;
	doc.path = "test";
	doc.src = *t;
	assert_non_null(rec);
	assert_int_equal(vt_extract_document(rec, &doc, &plan, &err), 0);
	return rec;
}

/* n times `s`, then `tail`, after `head`. */
static void repeat(char *out, const char *head, const char *s, int n, const char *tail)
{
	strcpy(out, head);
	while (n-- > 0)
		strcat(out, s);
	strcat(out, tail);
}

/*
 * Quotes that run on are cut at a byte cap (160 for support, 300 for an
 * output); the caps here fall inside an "ờ" (three bytes), which must not
 * be halved.
 */
static void test_caps_cut_whole(void **state)
{
	char body[512], want[512];
	struct vt_text *t = NULL;
	const cJSON *it;
	cJSON *rec;

	(void)state;
	/* Too many words for an agency name: the quote runs to the cap, 14
	 * bytes of "các cơ quan ", 36 whole "ờ " and 2 bytes of the next. */
	repeat(body, "Sở Y tế chủ trì, phối hợp với các cơ quan ", "ờ ", 60, "triển khai.");
	rec = parse_item(&t, body);
	repeat(want, "các cơ quan ờ", " ờ", 35, "");
	it = cJSON_GetObjectItem(task(rec, "1"), "support");
	assert_int_equal(cJSON_GetArraySize(it), 1);
	assert_string_equal(cJSON_GetArrayItem(it, 0)->valuestring, want);
	cJSON_Delete(rec);
	vt_text_free(t);
	/* 15 bytes of "Kế hoạch x ", 71 whole "ờ " and 2 bytes of the next. */
	repeat(body, "Sở Y tế chủ trì xây dựng Kế hoạch x ", "ờ ", 90, "hằng năm.");
	rec = parse_item(&t, body);
	repeat(want, "Kế hoạch x", " ờ", 71, "");
	it = cJSON_GetArrayItem(cJSON_GetObjectItem(task(rec, "1"), "outputs"), 0);
	assert_non_null(it);
	assert_string_equal(cJSON_GetObjectItem(it, "text")->valuestring, want);
	cJSON_Delete(rec);
	vt_text_free(t);
}

/*
 * "Các Sở: A, B, C" as a lead is one agency each, as in Kính gửi, with a
 * name the register knows kept whole ("Khoa học và Công nghệ"); an output
 * ends where its deadline starts.
 */
static void test_group_lead_and_output_end(void **state)
{
	struct vt_text *t;
	const cJSON *tk, *o;
	cJSON *rec;

	(void)state;
	rec = parse_item(&t, "Các Sở: Nội vụ, Tài chính, Khoa học và Công nghệ tham mưu "
	                     "xây dựng Kế hoạch chuyển đổi số, hoàn thành trước ngày 30/11/2026.");
	tk = task(rec, "1");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(tk, "lead")), 3);
	assert_true(has(tk, "lead", "Sở Nội vụ"));
	assert_true(has(tk, "lead", "Sở Tài chính"));
	assert_true(has(tk, "lead", "Sở Khoa học và Công nghệ"));
	assert_true(has(tk, "deadlines", "2026-11-30"));
	o = cJSON_GetArrayItem(cJSON_GetObjectItem(tk, "outputs"), 0);
	assert_non_null(o);
	assert_string_equal(cJSON_GetObjectItem(o, "text")->valuestring, "Kế hoạch chuyển đổi số");
	cJSON_Delete(rec);
	vt_text_free(t);
	/* nor past what is done with it next */
	rec = parse_item(&t, "Sở Y tế xây dựng Đề án phát triển y tế cơ sở, trình UBND tỉnh "
	                     "trước ngày 30/6/2026.");
	o = cJSON_GetArrayItem(cJSON_GetObjectItem(task(rec, "1"), "outputs"), 0);
	assert_non_null(o);
	assert_string_equal(cJSON_GetObjectItem(o, "text")->valuestring, "Đề án phát triển y tế cơ sở");
	cJSON_Delete(rec);
	vt_text_free(t);
	/* the one advised stands between the verb and the output */
	rec = parse_item(&t, "Sở Nông nghiệp và Môi trường tham mưu UBND tỉnh ban hành Phương án "
	                     "ứng phó bão mạnh trước ngày 25/9/2025.");
	o = cJSON_GetArrayItem(cJSON_GetObjectItem(task(rec, "1"), "outputs"), 0);
	assert_non_null(o);
	assert_string_equal(cJSON_GetObjectItem(o, "text")->valuestring, "Phương án ứng phó bão mạnh");
	cJSON_Delete(rec);
	vt_text_free(t);
	/* a group, then what it must do after the colon, in capitals */
	rec = parse_item(&t, "UBND các xã, phường, đặc khu: Rà soát phương án sơ tán dân cư.");
	tk = task(rec, "1");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(tk, "lead")), 1);
	assert_true(has(tk, "lead", "Ủy ban nhân dân các xã, phường, đặc khu"));
	cJSON_Delete(rec);
	vt_text_free(t);
	/* a leader's title before the group, and a member that is an agency head itself */
	rec = parse_item(&t, "Bộ trưởng các Bộ: Quốc phòng, Công an chỉ đạo lực lượng sẵn sàng.");
	tk = task(rec, "1");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(tk, "lead")), 2);
	assert_true(has(tk, "lead", "Bộ trưởng Bộ Quốc phòng"));
	assert_true(has(tk, "lead", "Bộ trưởng Bộ Công an"));
	cJSON_Delete(rec);
	vt_text_free(t);
}

/* A labelled time without a date is text; a task verb ends a support. */
static void test_period_and_support_end(void **state)
{
	struct vt_text *t;
	const cJSON *tk;
	cJSON *rec;

	(void)state;
	rec = parse_item(&t, "Văn phòng Sở phối hợp với Trung tâm Xúc tiến Đầu tư tỉnh biên "
	                     "soạn ấn phẩm giới thiệu tỉnh; thời gian: hằng tháng.");
	tk = task(rec, "1");
	assert_true(has(tk, "deadlines_text", "hằng tháng"));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(tk, "deadlines")), 0);
	assert_true(has(tk, "support", "Trung tâm Xúc tiến Đầu tư tỉnh"));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(tk, "support")), 1);
	cJSON_Delete(rec);
	vt_text_free(t);
	/* a commune's offices: a name with "và" kept whole, a verb the list lacks */
	rec = parse_item(&t, "Văn phòng HĐND và UBND xã chủ trì, phối hợp với Công an xã "
	                     "làm sạch dữ liệu dân cư; thời gian thực hiện: quý IV/2025.");
	tk = task(rec, "1");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(tk, "lead")), 1);
	assert_true(has(tk, "lead", "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã"));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(tk, "support")), 1);
	assert_true(has(tk, "support", "Công an xã"));
	assert_true(has(tk, "deadlines", "2025-Q4"));
	cJSON_Delete(rec);
	vt_text_free(t);
}

/* Bullets are items when they open with who acts; the others are not. */
static void test_bullet_items(void **state)
{
	const struct parsed *p = *state;

	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(p->rec, "tasks")), 6);
	assert_true(has(task(p->rec, "1"), "lead", "Phòng Văn hóa - Xã hội"));
	/* "UBND phường giao Công an phường …": the one asked leads */
	assert_true(has(task(p->rec, "5"), "lead", "Công an phường"));
	assert_true(has(task(p->rec, "1"), "support", "Công an phường"));
	assert_true(has(task(p->rec, "2"), "lead", "Phòng Kinh tế"));
}

static void test_word_and_hyphen_deadlines(void **state)
{
	const struct parsed *p = *state;

	assert_true(has(task(p->rec, "1"), "deadlines", "2025-12-30"));
	assert_true(has(task(p->rec, "2"), "deadlines", "2025-11"));
	assert_true(has(task(p->rec, "2"), "deadlines", "2025-Q4"));
	assert_true(has(task(p->rec, "2"), "deadlines", "--12-15"));
	assert_true(has(task(p->rec, "6"), "deadlines", "2025-12-05"));
}

static void test_several_leads(void **state)
{
	const struct parsed *p = *state;

	assert_true(has(task(p->rec, "3"), "lead", "Thường trực Hội đồng nhân dân phường"));
	assert_true(has(task(p->rec, "3"), "lead", "các Ban của Hội đồng nhân dân phường"));
	assert_true(has(task(p->rec, "3"), "lead", "Văn phòng Ủy ban nhân dân phường"));
	assert_true(has(task(p->rec, "4"), "lead", "Ủy ban nhân dân các tổ dân phố: Một, Hai, Ba"));
	/* a department, "và", another agency: both support */
	assert_true(has(task(p->rec, "6"), "support", "Sở Y tế"));
	assert_true(has(task(p->rec, "6"), "support", "Công an phường"));
}

/* The rows under the header row are the tasks; a review heading is none. */
static void test_table_rows(void **state)
{
	const struct parsed *p = *state;

	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(p->rec, "tasks")), 5);
	assert_true(has(task(p->rec, "III.1"), "deadlines", "2025-05"));
	assert_true(has(task(p->rec, "II.1"), "lead", "Sở Khoa học và Công nghệ"));
	assert_true(has(task(p->rec, "II.1"), "support", "Sở Nội vụ"));
	assert_true(has(task(p->rec, "II.1"), "deadlines", "2025-Q3"));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(task(p->rec, "II.2"), "support")), 0);
	assert_true(has(task(p->rec, "II.2"), "deadlines", "2025-09-30"));
	assert_true(has(task(p->rec, "II.3"), "support", "Công an thành phố"));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(task(p->rec, "II.3"), "deadlines")), 0);
	assert_true(has(task(p->rec, "II.4"), "deadlines", "2025"));
}

/* Prose that gives work is a task per paragraph; prose that does not, none. */
static void test_paragraph_items(void **state)
{
	void *st = NULL;
	const struct parsed *p;

	(void)state;
	assert_int_equal(setup_text(&st,
		"ỦY BAN NHÂN DÂN\nTỈNH CÀ MAU\nSố: 125/UBND-KT\nV/v quản lý chợ\n"
		"Cà Mau, ngày 10 tháng 3 năm 2026\nKính gửi: Sở Công Thương.\n\n"
		"Ngày 05/3/2026, Chủ tịch UBND tỉnh chủ trì làm việc với Sở Công Thương.\n\n"
		"Thực hiện chỉ đạo, UBND tỉnh giao Sở Công Thương chủ trì kiểm tra các chợ,\n"
		"báo cáo trước ngày 30/3/2026.\n\n"
		"Đề nghị Công an tỉnh phối hợp bảo đảm trật tự./.\n", &dispatch), 0);
	p = st;
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(p->rec, "tasks")), 2);
	assert_true(has(task(p->rec, "1"), "lead", "Sở Công Thương"));
	assert_true(has(task(p->rec, "1"), "deadlines", "2026-03-30"));
	assert_true(has(task(p->rec, "2"), "lead", "Công an tỉnh"));
	teardown(&st);
}

/* A cut text starting at section III; "các tổ chức" is a noun, not the verb. */
static void test_cut_sections_and_organisations(void **state)
{
	void *st = NULL;
	const struct parsed *p;

	(void)state;
	assert_int_equal(setup_text(&st,
		"KẾ HOẠCH\nThực hiện Chỉ thị số 45-CT/TW ngày 14/4/2025 của Bộ Chính trị\n"
		"III. TỔ CHỨC THỰC HIỆN\n"
		"1. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - "
		"xã hội tỉnh tuyên truyền, vận động.\n./.\n", &plan), 0);
	p = st;
	assert_true(has(task(p->rec, "III.1"), "lead", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"));
	assert_true(has(task(p->rec, "III.1"), "lead", "các tổ chức chính trị - xã hội tỉnh"));
	teardown(&st);
}

/* Bullets under a heading that names nobody; "Agency: Verb …" bullets. */
static void test_bullets_under_heading(void **state)
{
	void *st = NULL;
	const struct parsed *p;

	(void)state;
	assert_int_equal(setup_text(&st,
		"THÔNG BÁO\nÝ kiến kết luận của Chủ tịch UBND tỉnh\n\n"
		"1. Đánh giá chung\nCác cơ quan đã có nhiều cố gắng.\n"
		"2. Nhiệm vụ thời gian tới\n"
		"- Sở Xây dựng: Chủ trì hướng dẫn hoàn thiện thủ tục, xong trước ngày 30/10/2025.\n"
		"- Lưu ý bảo đảm an toàn.\n"
		"- UBND phường Tây Hoa Lư: Phối hợp giải phóng mặt bằng.\n"
		"III. TỔ CHỨC THỰC HIỆN\n"
		"- Sở Tài chính bố trí kinh phí.\n./.\n",
		&(const struct vt_extract_opts){"notice", "THÔNG BÁO", 0}), 0);
	p = st;
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(p->rec, "tasks")), 3);
	assert_true(has(task(p->rec, "2.1"), "lead", "Sở Xây dựng"));
	assert_true(has(task(p->rec, "2.1"), "deadlines", "2025-10-30"));
	assert_true(has(task(p->rec, "2.2"), "lead", "Ủy ban nhân dân phường Tây Hoa Lư"));
	assert_true(has(task(p->rec, "III.1"), "lead", "Sở Tài chính"));
	teardown(&st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lettering),
		cmocka_unit_test(test_leads_normalised),
		cmocka_unit_test(test_deadlines),
		cmocka_unit_test(test_outputs),
		cmocka_unit_test(test_caps_cut_whole),
		cmocka_unit_test(test_group_lead_and_output_end),
		cmocka_unit_test(test_period_and_support_end),
	};
	const struct CMUnitTest more[] = {
		cmocka_unit_test(test_bullet_items),
		cmocka_unit_test(test_word_and_hyphen_deadlines),
		cmocka_unit_test(test_several_leads),
	};

	const struct CMUnitTest tables[] = {
		cmocka_unit_test(test_table_rows),
		cmocka_unit_test(test_paragraph_items),
		cmocka_unit_test(test_cut_sections_and_organisations),
		cmocka_unit_test(test_bullets_under_heading),
	};
	int failed = cmocka_run_group_tests(tests, setup, teardown);

	failed += cmocka_run_group_tests_name("bullets", more, setup_bullets, teardown);
	return failed + cmocka_run_group_tests_name("tables", tables, setup_table, teardown);
}
