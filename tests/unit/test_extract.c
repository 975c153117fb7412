/*
 * The shared extraction on small texts of our own: header, recipients,
 * tasks, signer, distribution, detection.
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

static const struct vt_extract_opts dispatch = {"dispatch", NULL, 1};
static const struct vt_extract_opts plan = {"plan", "KẾ HOẠCH", 0};
static const struct vt_extract_opts decision = {"decision", "QUYẾT ĐỊNH", 0};
static const struct vt_extract_opts resolution = {"resolution", "NGHỊ QUYẾT", 0};
static const struct vt_extract_opts other = {"other", NULL, 0};
static const char *const cv_codes[] = {"CV", NULL};
static const char *const kh_codes[] = {"KH", NULL};
static const char *const tb_codes[] = {"TB", NULL};

struct parsed {
	struct vt_text *t;
	struct vt_doc doc;
	cJSON *rec;
};

static void load(struct parsed *p, const char *text)
{
	assert_int_equal(vt_text_load(&p->t, text, strlen(text), "test"), 0);
	p->doc.text = p->t->norm;
	p->doc.len = p->t->norm_len;
	p->doc.path = "test";
	p->doc.src = p->t;
	p->rec = NULL;
}

static cJSON *parse(struct parsed *p, const char *text, const struct vt_extract_opts *o)
{
	struct vt_perr err = {{0}};

	load(p, text);
	p->rec = cJSON_CreateObject();
	assert_non_null(p->rec);
	assert_int_equal(vt_extract_document(p->rec, &p->doc, o, &err), 0);
	return p->rec;
}

static void done(struct parsed *p)
{
	cJSON_Delete(p->rec);
	vt_text_free(p->t);
}

static const char *str(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int is_null(const cJSON *o, const char *k)
{
	return cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(o, k));
}

static const char *at(const cJSON *o, const char *k, int i)
{
	const cJSON *v = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(o, k), i);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int count(const cJSON *o, const char *k)
{
	return cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(o, k));
}

static int has_warning(const cJSON *rec, const char *code)
{
	const cJSON *w;

	cJSON_ArrayForEach(w, cJSON_GetObjectItemCaseSensitive(rec, "warnings"))
		if (str(w, "code") && strcmp(str(w, "code"), code) == 0)
			return 1;
	return 0;
}

static const char numbered[] =
	"ỦY BAN NHÂN DÂN\n"
	"TỈNH BẮC NINH\n"
	"\n"
	"Số: 412/UBND-KT\n"
	"V/v rà soát các dự án đầu tư\n"
	"nước ngoài năm 2025.\n"
	"\n"
	"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
	"Độc lập - Tự do - Hạnh phúc\n"
	"\n"
	"Bắc Ninh, ngày 07 tháng 4 năm 2025\n"
	"\n"
	"Kính gửi:\n"
	"- Các Sở: Tài chính, Văn hóa, Thể thao và Du lịch, Khoa học và\n"
	"Công nghệ;\n"
	"- Công an tỉnh.\n"
	"\n"
	"Ủy ban nhân dân tỉnh yêu cầu các cơ quan thực hiện:\n"
	"\n"
	"1. Sở Tài chính chủ trì, phối hợp với Sở Khoa học và Công nghệ rà soát\n"
	"các dự án chậm tiến độ, báo cáo trước ngày 15/5/2025.\n"
	"\n"
	"2. Giao Công an tỉnh xây dựng Kế hoạch bảo đảm an ninh cho nhà đầu tư\n"
	"trong quý III/2025.\n"
	"\n"
	"Yêu cầu các cơ quan nghiêm túc thực hiện./.\n"
	"Nơi nhận:\n"
	"- Như trên;\n"
	"- Văn phòng Chính phủ (b/c);\n"
	"- Sở Ngoại vụ (phối hợp);\n"
	"- Lưu: VT, KT.\n"
	"\n"
	"KT. CHỦ TỊCH\n"
	"PHÓ CHỦ TỊCH.\n"
	"\n"
	"**Ngô Thanh Bình**\n";

static void test_header_numbered(void **state)
{
	struct parsed p;
	cJSON *r = parse(&p, numbered, &dispatch);

	(void)state;
	assert_string_equal(str(r, "type"), "dispatch");
	assert_string_equal(str(r, "number"), "412/UBND-KT");
	assert_string_equal(str(r, "symbol"), "UBND-KT");
	assert_string_equal(str(r, "family"), "state");
	assert_string_equal(str(r, "issuer"), "Ủy ban nhân dân tỉnh Bắc Ninh");
	assert_string_equal(str(r, "province"), "Bắc Ninh");
	assert_string_equal(str(r, "place"), "Bắc Ninh");
	assert_string_equal(str(r, "date"), "2025-04-07");
	assert_string_equal(str(r, "subject"), "rà soát các dự án đầu tư nước ngoài năm 2025");
	assert_false(has_warning(r, "draft"));
	assert_false(has_warning(r, "missing-number"));
	done(&p);
}

static void test_recipients_grouped(void **state)
{
	struct parsed p;
	cJSON *r = parse(&p, numbered, &dispatch);

	(void)state;
	assert_int_equal(count(r, "recipients"), 4);
	assert_string_equal(at(r, "recipients", 0), "Sở Tài chính");
	/* the comma inside the name does not split it */
	assert_string_equal(at(r, "recipients", 1), "Sở Văn hóa, Thể thao và Du lịch");
	/* and the name wraps over two lines */
	assert_string_equal(at(r, "recipients", 2), "Sở Khoa học và Công nghệ");
	assert_string_equal(at(r, "recipients", 3), "Công an tỉnh");
	done(&p);
}

/* A Công điện has no "Kính gửi:": its sender's "… điện:" line opens the list. */
static const char telegram[] =
	"BỘ TRƯỞNG BỘ CÔNG THƯƠNG\n"
	"\n"
	"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
	"Độc lập - Tự do - Hạnh phúc\n"
	"\n"
	"Số: 5/CĐ-BCT\n"
	"Hà Nội, ngày 02 tháng 6 năm 2026\n"
	"\n"
	"CÔNG ĐIỆN\n"
	"Về việc bảo đảm cung ứng xăng dầu trong mùa mưa bão\n"
	"\n"
	"BỘ TRƯỞNG BỘ CÔNG THƯƠNG điện:\n"
	"\n"
	"- Giám đốc Sở Công Thương các tỉnh, thành phố;\n"
	"- Tổng giám đốc các thương nhân đầu mối kinh doanh\n"
	"xăng dầu.\n"
	"\n"
	"Để giữ nguồn cung ổn định, Bộ trưởng yêu cầu:\n"
	"\n"
	"1. Sở Công Thương các tỉnh kiểm tra hệ thống cửa hàng trước ngày 30/6/2026.\n";

static void test_recipients_telegram(void **state)
{
	struct parsed p;
	cJSON *r = parse(&p, telegram, &other);

	(void)state;
	assert_string_equal(str(r, "number"), "5/CĐ-BCT");
	assert_string_equal(str(r, "subject"),
	                    "Về việc bảo đảm cung ứng xăng dầu trong mùa mưa bão");
	assert_int_equal(count(r, "recipients"), 2);
	assert_string_equal(at(r, "recipients", 0),
	                    "Giám đốc Sở Công Thương các tỉnh, thành phố");
	assert_string_equal(at(r, "recipients", 1),
	                    "Tổng giám đốc các thương nhân đầu mối kinh doanh xăng dầu");
	done(&p);
}

static void test_tasks_numbered(void **state)
{
	struct parsed p;
	cJSON *r = parse(&p, numbered, &dispatch), *t;
	const cJSON *span;
	size_t s;

	(void)state;
	assert_int_equal(count(r, "tasks"), 2);
	t = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(r, "tasks"), 0);
	assert_string_equal(str(t, "label"), "1");
	assert_string_equal(at(t, "lead", 0), "Sở Tài chính");
	assert_int_equal(count(t, "lead"), 1);
	assert_string_equal(at(t, "support", 0), "Sở Khoa học và Công nghệ");
	assert_string_equal(at(t, "deadlines", 0), "2025-05-15");
	/* the span points at the item in the text as given */
	span = cJSON_GetObjectItemCaseSensitive(t, "span");
	s = (size_t)cJSON_GetArrayItem(span, 0)->valuedouble;
	assert_true(s < sizeof(numbered));
	assert_memory_equal(numbered + s, "1. Sở Tài chính", strlen("1. Sở Tài chính"));

	t = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(r, "tasks"), 1);
	assert_string_equal(at(t, "lead", 0), "Công an tỉnh");
	assert_string_equal(at(t, "deadlines", 0), "2025-Q3");
	{
		const cJSON *o = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(t, "outputs"), 0);
		assert_non_null(o);
		assert_string_equal(str(o, "type"), "plan");
		assert_string_equal(str(o, "text"), "Kế hoạch bảo đảm an ninh cho nhà đầu tư");
	}
	done(&p);
}

static void test_signer_and_distribution(void **state)
{
	struct parsed p;
	cJSON *r = parse(&p, numbered, &dispatch), *s, *d;

	(void)state;
	s = cJSON_GetObjectItemCaseSensitive(r, "signer");
	assert_string_equal(str(s, "name"), "Ngô Thanh Bình");
	assert_string_equal(str(s, "title"), "Phó Chủ tịch");
	assert_string_equal(str(s, "authority"), "KT. Chủ tịch");
	d = cJSON_GetObjectItemCaseSensitive(r, "distribution");
	assert_int_equal(cJSON_GetArraySize(d), 4);
	assert_string_equal(str(cJSON_GetArrayItem(d, 0), "role"), "as_above");
	assert_string_equal(str(cJSON_GetArrayItem(d, 1), "name"), "Văn phòng Chính phủ");
	assert_string_equal(str(cJSON_GetArrayItem(d, 1), "role"), "report");
	assert_string_equal(str(cJSON_GetArrayItem(d, 2), "name"), "Sở Ngoại vụ");
	assert_string_equal(str(cJSON_GetArrayItem(d, 2), "role"), "coordinate");
	assert_string_equal(str(cJSON_GetArrayItem(d, 3), "name"), "Lưu: VT, KT");
	assert_string_equal(str(cJSON_GetArrayItem(d, 3), "role"), "archive");
	done(&p);
}

static const char draft_plan[] =
	"ỦY BAN NHÂN DÂN\n"
	"TỈNH AN GIANG\n"
	"\n"
	"Số:       /KH-UBND An Giang, ngày      tháng 11 năm 2025\n"
	"\n"
	"KẾ HOẠCH\n"
	"Thực hiện Nghị quyết số 153/NQ-CP ngày 31/5/2025 của Chính phủ\n"
	"về hội nhập quốc tế\n"
	"\n"
	"Căn cứ Nghị quyết số 153/NQ-CP ngày 31/5/2025 của Chính phủ;\n"
	"\n"
	"I. MỤC ĐÍCH, YÊU CẦU\n"
	"1. Thống nhất nhận thức trong toàn tỉnh.\n"
	"2. Phân công rõ trách nhiệm.\n"
	"\n"
	"II. TỔ CHỨC THỰC HIỆN\n"
	"1. Nhiệm vụ chung\n"
	"- Các cơ quan quán triệt Nghị quyết.\n"
	"2. Nhiệm vụ cụ thể\n"
	"a) Sở Ngoại vụ\n"
	"- Theo dõi việc thực hiện Kế hoạch.\n"
	"- Định kỳ hằng năm (trước ngày 20/12) báo cáo Ủy ban nhân dân tỉnh.\n"
	"b) Sở Nông nghiệp và Môi trường\n"
	"- Phối hợp với Sở Ngoại vụ vận động các dự án hợp tác.\n"
	"\n"
	"Trên đây là Kế hoạch của Ủy ban nhân dân tỉnh./.\n"
	"\n"
	"TM. ỦY BAN NHÂN DÂN\n"
	"KT. CHỦ TỊCH\n"
	"PHÓ CHỦ TỊCH\n"
	"\n"
	"Trần Quốc Việt\n"
	"\n"
	"Nơi nhận:\n"
	"- Bộ Ngoại giao (b/c);\n"
	"- Lưu: VT.\n";

static void test_header_draft(void **state)
{
	struct parsed p;
	cJSON *r = parse(&p, draft_plan, &plan);

	(void)state;
	assert_true(is_null(r, "number"));
	assert_string_equal(str(r, "symbol"), "KH-UBND");
	assert_string_equal(str(r, "place"), "An Giang");
	assert_string_equal(str(r, "date"), "2025-11");
	assert_string_equal(str(r, "issuer"), "Ủy ban nhân dân tỉnh An Giang");
	assert_string_equal(str(r, "subject"),
	                    "Thực hiện Nghị quyết số 153/NQ-CP ngày 31/5/2025 của Chính phủ về hội nhập quốc tế");
	assert_int_equal(count(r, "recipients"), 0);
	assert_true(has_warning(r, "draft"));
	done(&p);
}

static void test_tasks_agency_headings(void **state)
{
	struct parsed p;
	cJSON *r = parse(&p, draft_plan, &plan), *t;

	(void)state;
	/* MỤC ĐÍCH, YÊU CẦU and the bare heading "Nhiệm vụ chung" are no tasks */
	assert_int_equal(count(r, "tasks"), 2);
	t = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(r, "tasks"), 0);
	assert_string_equal(str(t, "label"), "II.2.a");
	assert_string_equal(at(t, "lead", 0), "Sở Ngoại vụ");
	assert_string_equal(at(t, "deadlines", 0), "--12-20");
	t = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(r, "tasks"), 1);
	assert_string_equal(at(t, "lead", 0), "Sở Nông nghiệp và Môi trường");
	assert_string_equal(at(t, "support", 0), "Sở Ngoại vụ");
	done(&p);
}

static void test_signer_before_distribution(void **state)
{
	struct parsed p;
	cJSON *r = parse(&p, draft_plan, &plan), *s;

	(void)state;
	s = cJSON_GetObjectItemCaseSensitive(r, "signer");
	assert_string_equal(str(s, "name"), "Trần Quốc Việt");
	assert_string_equal(str(s, "title"), "Phó Chủ tịch");
	assert_string_equal(str(s, "authority"), "TM. Ủy ban nhân dân, KT. Chủ tịch");
	assert_int_equal(count(r, "distribution"), 2);
	done(&p);
}

static const char cut_off[] =
	"nước ngoài năm 2026\n"
	"Kính gửi: Sở Ngoại vụ.\n"
	"\n"
	"Chủ tịch UBND tỉnh giao Sở Ngoại vụ tổng hợp các hoạt động đối ngoại\n"
	"trên địa bàn tỉnh Hà Tĩnh.\n"
	"\n"
	"1. Sở Ngoại vụ chủ trì tổng hợp, báo cáo trong vòng 05 ngày làm việc./.\n";

static void test_issuer_inferred(void **state)
{
	struct parsed p;
	cJSON *r = parse(&p, cut_off, &dispatch), *t;

	(void)state;
	assert_string_equal(str(r, "issuer"), "Ủy ban nhân dân tỉnh Hà Tĩnh");
	assert_string_equal(str(r, "province"), "Hà Tĩnh");
	assert_true(is_null(r, "number"));
	assert_true(is_null(r, "date"));
	assert_true(is_null(r, "subject"));
	assert_true(has_warning(r, "issuer-inferred"));
	assert_true(has_warning(r, "missing-number"));
	assert_true(has_warning(r, "missing-date"));
	assert_string_equal(at(r, "recipients", 0), "Sở Ngoại vụ");
	t = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(r, "tasks"), 0);
	assert_non_null(t);
	assert_int_equal(count(t, "deadlines"), 0);
	assert_string_equal(at(t, "deadlines_text", 0), "trong vòng 05 ngày làm việc");
	done(&p);
}

/* A commune's header names no province; the body does, with a warning. */
static const char commune[] =
	"ỦY BAN NHÂN DÂN\n"
	"XÃ TÂN HƯNG\n"
	"Số: 145/BC-UBND\n"
	"Tân Hưng, ngày 05 tháng 11 năm 2025\n"
	"\n"
	"BÁO CÁO\n"
	"Kết quả chuyển đổi số năm 2025\n"
	"\n"
	"Kính gửi: Ủy ban nhân dân tỉnh Tây Ninh.\n"
	"\n"
	"1. Văn phòng HĐND và UBND xã chủ trì triển khai chữ ký số./.\n";

static void test_commune_province(void **state)
{
	struct parsed p;
	cJSON *r = parse(&p, commune, &dispatch);

	(void)state;
	assert_string_equal(str(r, "issuer"), "Ủy ban nhân dân xã Tân Hưng");
	assert_string_equal(str(r, "province"), "Tây Ninh");
	assert_true(has_warning(r, "province-inferred"));
	assert_false(has_warning(r, "issuer-inferred"));
	done(&p);
	/* a commune named like a province of before 2025 is no province */
	r = parse(&p, "ỦY BAN NHÂN DÂN\nXÃ HÒA BÌNH\nSố: 7/BC-UBND\n"
	          "Hòa Bình, ngày 05 tháng 11 năm 2025\n\nBÁO CÁO\nKết quả năm 2025\n\n"
	          "1. Phòng Kinh tế chủ trì triển khai./.\n", &dispatch);
	assert_string_equal(str(r, "issuer"), "Ủy ban nhân dân xã Hòa Bình");
	assert_true(is_null(r, "province"));
	done(&p);
}

/* A subject line that starts "ngày …" in lower case goes on; "Căn cứ" opens the body. */
static const char subject_wrapped[] =
	"ỦY BAN NHÂN DÂN\n"
	"TỈNH LÀO CAI\n"
	"Số: 31/KH-UBND\n"
	"Lào Cai, ngày 10 tháng 3 năm 2025\n"
	"\n"
	"KẾ HOẠCH\n"
	"Thực hiện Nghị quyết số 57-NQ/TW\n"
	"ngày 22 tháng 12 năm 2024 của Bộ Chính trị về chuyển đổi số\n"
	"\n"
	"Căn cứ Nghị quyết số 03/NQ-CP ngày 09/01/2025 của Chính phủ.\n"
	"\n"
	"1. Sở Khoa học và Công nghệ chủ trì triển khai./.\n";

static void test_subject_wrapped_date(void **state)
{
	struct parsed p;
	cJSON *r = parse(&p, subject_wrapped, &plan);

	(void)state;
	assert_string_equal(str(r, "subject"), "Thực hiện Nghị quyết số 57-NQ/TW ngày 22 tháng 12 "
	                    "năm 2024 của Bộ Chính trị về chuyển đổi số");
	assert_string_equal(str(r, "date"), "2025-03-10");
	done(&p);
}

/* A resolution's own annex of tasks is read; its attached documents are not. */
static const char annexed[] =
	"CHÍNH PHỦ\n"
	"Số: 171/NQ-CP\n"
	"Hà Nội, ngày 20 tháng 6 năm 2025\n"
	"\n"
	"NGHỊ QUYẾT\n"
	"Ban hành Chương trình hành động về hội nhập quốc tế\n"
	"\n"
	"Điều 1. Ban hành kèm theo Nghị quyết này Chương trình hành động.\n"
	"Điều 2. Nghị quyết này có hiệu lực từ ngày ký./.\n"
	"\n"
	"TM. CHÍNH PHỦ\n"
	"THỦ TƯỚNG\n"
	"\n"
	"Phạm Minh Chính\n"
	"\n"
	"PHỤ LỤC\n"
	"DANH MỤC NHIỆM VỤ\n"
	"(Kèm theo Nghị quyết số 171/NQ-CP ngày 20 tháng 6 năm 2025 của Chính phủ)\n"
	"\n"
	"| TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |\n"
	"|----|----------|-----------------|------------------|----------------------|\n"
	"| 1 | Xây dựng Đề án hội nhập kinh tế | Bộ Công Thương | Bộ Ngoại giao | Quý IV/2025 |\n"
	"| 2 | Rà soát các cam kết về lao động | Bộ Nội vụ | Bộ Tư pháp | 2026 |\n";

static void test_annex_tasks(void **state)
{
	struct parsed p;
	cJSON *r = parse(&p, annexed, &resolution), *t;
	int n = 0;

	(void)state;
	cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(r, "tasks")) {
		const cJSON *lead = cJSON_GetObjectItemCaseSensitive(t, "lead");

		if (n == 0 && cJSON_GetArraySize(lead) == 1)
			assert_string_equal(cJSON_GetArrayItem(lead, 0)->valuestring, "Bộ Công Thương");
		n += cJSON_GetArraySize(lead) > 0;
	}
	assert_int_equal(n, 2);
	/* a bare year in the deadline column */
	assert_string_equal(at(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(r, "tasks"),
	                                          count(r, "tasks") - 1), "deadlines", 0), "2026");
	assert_int_equal(count(r, "attachments"), 1);
	assert_string_equal(str(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(r, "attachments"), 0),
	                        "type"), "annex");
	done(&p);
}

static void test_detect(void **state)
{
	struct parsed p;

	(void)state;
	load(&p, numbered);
	assert_true(vt_extract_detect(&p.doc, NULL, cv_codes) >= 80);
	assert_true(vt_extract_detect(&p.doc, "KẾ HOẠCH", kh_codes) < 50);
	assert_true(vt_extract_detect(&p.doc, "THÔNG BÁO", tb_codes) < 50);
	done(&p);
	load(&p, draft_plan);
	assert_true(vt_extract_detect(&p.doc, "KẾ HOẠCH", kh_codes) >= 80);
	assert_true(vt_extract_detect(&p.doc, NULL, cv_codes) < vt_extract_detect(&p.doc, "KẾ HOẠCH", kh_codes));
	done(&p);
	/* the header is lost: "Kính gửi" still says công văn */
	load(&p, cut_off);
	assert_true(vt_extract_detect(&p.doc, NULL, cv_codes) >= 50);
	assert_true(vt_extract_detect(&p.doc, "KẾ HOẠCH", kh_codes) < 50);
	done(&p);
}

static void test_garbage(void **state)
{
	static const char *const texts[] = {
		"Số:", "1.", "a)", "Kính gửi:\n-", "Nơi nhận:\n- ", "KT.\n", "V/v",
		"I.\n1.\na)\nb)\n2.", "trước ngày 31/", "quý IV/", "./.", "Sở: , ,",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		struct vt_doc doc = {texts[i], strlen(texts[i]), "t", NULL};
		struct vt_perr err = {{0}};
		cJSON *r = cJSON_CreateObject();

		assert_int_equal(vt_extract_document(r, &doc, &dispatch, &err), 0);
		assert_non_null(cJSON_GetObjectItemCaseSensitive(r, "tasks"));
		assert_in_range(vt_extract_detect(&doc, NULL, cv_codes), 0, 100);
		cJSON_Delete(r);
	}
}

/* ---- issue 3: types, Party header, tables, attachments, inference ---- */

static const char mismatch[] =
	"ỦY BAN NHÂN DÂN\n"
	"TỈNH NGHỆ AN\n"
	"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
	"Độc lập - Tự do - Hạnh phúc\n"
	"Số: 77/QĐ-UBND Nghệ An, ngày 04 tháng 3 năm 2025\n"
	"\n"
	"KẾ HOẠCH\n"
	"Tổ chức Tuần lễ hợp tác quốc tế năm 2025\n"
	"\n"
	"1. Sở Ngoại vụ chủ trì tổ chức các hoạt động trong tháng 5/2025.\n"
	"2. Sở Tài chính bảo đảm kinh phí./.\n"
	"Nơi nhận:\n"
	"- Lưu: VT.\n"
	"CHỦ TỊCH\n"
	"Trần Văn Nam\n";

static void test_type_mismatch(void **state)
{
	struct parsed p;
	cJSON *r;

	(void)state;
	load(&p, mismatch);
	/* the title outweighs the symbol; both outweigh the fallback */
	assert_true(vt_extract_detect_type(&p.doc, "plan") > vt_extract_detect_type(&p.doc, "decision"));
	assert_true(vt_extract_detect_type(&p.doc, "decision") >= 10);
	assert_true(vt_extract_detect_type(&p.doc, "other") < vt_extract_detect_type(&p.doc, "plan"));
	vt_text_free(p.t);
	r = parse(&p, mismatch, &plan);
	assert_string_equal(str(r, "type"), "plan");
	assert_string_equal(str(r, "number"), "77/QĐ-UBND");
	assert_true(has_warning(r, "type-mismatch"));
	assert_false(has_warning(r, "missing-signature"));
	done(&p);
	/* the fallback takes the title's type too */
	r = parse(&p, mismatch, &other);
	assert_string_equal(str(r, "type"), "plan");
	done(&p);
}

static const char party[] =
	"BAN CHẤP HÀNH TRUNG ƯƠNG ĐẢNG CỘNG SẢN VIỆT NAM\n"
	"*\n"
	"Số 59-NQ/TW Hà Nội, ngày 24 tháng 01 năm 2025\n"
	"\n"
	"NGHỊ QUYẾT\n"
	"CỦA BỘ CHÍNH TRỊ\n"
	"về hội nhập quốc tế trong tình hình mới\n"
	"-----\n"
	"\n"
	"I- TÌNH HÌNH\n"
	"1- Công tác hội nhập quốc tế đạt nhiều kết quả quan trọng.\n"
	"\n"
	"T/M BỘ CHÍNH TRỊ\n"
	"TỔNG BÍ THƯ\n"
	"\n"
	"Tô Lâm\n";

static void test_party_header(void **state)
{
	struct parsed p;
	cJSON *r, *s;

	(void)state;
	load(&p, party);
	assert_int_equal(vt_extract_detect_type(&p.doc, "resolution"), 95);
	assert_true(vt_extract_detect_type(&p.doc, "directive") < 50);
	vt_text_free(p.t);
	r = parse(&p, party, &resolution);
	assert_string_equal(str(r, "number"), "59-NQ/TW");
	assert_string_equal(str(r, "family"), "party");
	assert_string_equal(str(r, "issuer"), "Bộ Chính trị");
	assert_true(is_null(r, "province"));
	assert_string_equal(str(r, "place"), "Hà Nội");
	assert_string_equal(str(r, "date"), "2025-01-24");
	assert_string_equal(str(r, "subject"), "về hội nhập quốc tế trong tình hình mới");
	s = cJSON_GetObjectItemCaseSensitive(r, "signer");
	assert_string_equal(str(s, "name"), "Tô Lâm");
	assert_string_equal(str(s, "title"), "Tổng Bí thư");
	assert_string_equal(str(s, "authority"), "T/M Bộ Chính trị");
	done(&p);
}

static const char table_header[] =
	"| ỦY BAN NHÂN DÂN<br>TỈNH CÀ MAU | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>Độc lập - Tự do - Hạnh phúc |\n"
	"|---|---|\n"
	"| Số: 31/CT-UBND | Cà Mau, ngày 09 tháng 6 năm 2025 |\n"
	"\n"
	"# CHỈ THỊ\n"
	"**Về phòng, chống khai thác hải sản bất hợp pháp**\n"
	"\n"
	"1. Sở Nông nghiệp và Môi trường chủ trì kiểm tra tàu cá trước ngày 30/6/2025.\n"
	"2. Công an tỉnh xử lý nghiêm các vi phạm./.\n";

static void test_table_header(void **state)
{
	struct parsed p;
	cJSON *r;
	const cJSON *sp;

	(void)state;
	load(&p, table_header);
	assert_int_equal(vt_extract_detect_type(&p.doc, "directive"), 95);
	vt_text_free(p.t);
	r = parse(&p, table_header, &other);
	assert_string_equal(str(r, "type"), "directive");
	assert_string_equal(str(r, "number"), "31/CT-UBND");
	assert_string_equal(str(r, "issuer"), "Ủy ban nhân dân tỉnh Cà Mau");
	assert_string_equal(str(r, "province"), "Cà Mau");
	assert_string_equal(str(r, "place"), "Cà Mau");
	assert_string_equal(str(r, "date"), "2025-06-09");
	assert_string_equal(str(r, "subject"), "Về phòng, chống khai thác hải sản bất hợp pháp");
	assert_int_equal(count(r, "tasks"), 2);
	/* the span of the number points at it in the original text */
	sp = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(r, "spans"), "number");
	assert_int_equal(cJSON_GetArraySize(sp), 2);
	assert_memory_equal(table_header + (size_t)cJSON_GetArrayItem(sp, 0)->valuedouble,
	                    "31/CT-UBND", 10);
	assert_true(has_warning(r, "missing-signature"));
	done(&p);
}

static const char decision_att[] =
	"ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
	"TỈNH AN GIANG Độc lập - Tự do - Hạnh phúc\n"
	"Số: 305/QĐ-UBND An Giang, ngày 02 tháng 7 năm 2025\n"
	"\n"
	"QUYẾT ĐỊNH\n"
	"Ban hành Quy chế làm việc của Tổ công tác hội nhập\n"
	"\n"
	"CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH AN GIANG\n"
	"\n"
	"Căn cứ Nghị quyết số 59-NQ/TW ngày 24/01/2025 của Bộ Chính trị;\n"
	"\n"
	"QUYẾT ĐỊNH:\n"
	"Điều 1. Ban hành kèm theo Quyết định này Quy chế làm việc của Tổ công tác.\n"
	"Điều 2. Giao Sở Ngoại vụ chủ trì theo dõi việc thực hiện Quy chế.\n"
	"Điều 3. Quyết định này có hiệu lực kể từ ngày ký./.\n"
	"Nơi nhận:                          KT. CHỦ TỊCH\n"
	"- Như Điều 2;                      PHÓ CHỦ TỊCH\n"
	"- Lưu: VT.\n"
	"                                   Lê Văn Phước\n"
	"\n"
	"QUY CHẾ\n"
	"Làm việc của Tổ công tác hội nhập\n"
	"(Ban hành kèm theo Quyết định số 305/QĐ-UBND ngày 02/7/2025\n"
	"của Chủ tịch Ủy ban nhân dân tỉnh)\n"
	"\n"
	"Điều 1. Tổ công tác có nhiệm vụ tham mưu về hội nhập.\n"
	"Điều 2. Tổ trưởng chịu trách nhiệm phân công nhiệm vụ.\n";

static void test_attachments(void **state)
{
	struct parsed p;
	cJSON *r = parse(&p, decision_att, &decision), *a, *t, *s;

	(void)state;
	assert_string_equal(str(r, "type"), "decision");
	assert_string_equal(str(r, "issuer"), "Ủy ban nhân dân tỉnh An Giang");
	assert_string_equal(str(r, "subject"), "Ban hành Quy chế làm việc của Tổ công tác hội nhập");
	s = cJSON_GetObjectItemCaseSensitive(r, "signer");
	assert_string_equal(str(s, "name"), "Lê Văn Phước");
	assert_string_equal(str(s, "title"), "Phó Chủ tịch");
	assert_string_equal(str(s, "authority"), "KT. Chủ tịch");
	assert_int_equal(count(r, "distribution"), 2);
	assert_int_equal(count(r, "attachments"), 1);
	a = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(r, "attachments"), 0);
	assert_string_equal(str(a, "type"), "regulation");
	assert_string_equal(str(a, "title"), "Làm việc của Tổ công tác hội nhập");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(a, "span")), 2);
	/* only the article that gives work is a task; the attachment's are not */
	assert_int_equal(count(r, "tasks"), 1);
	t = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(r, "tasks"), 0);
	assert_string_equal(str(t, "label"), "Điều 2");
	assert_string_equal(at(t, "lead", 0), "Sở Ngoại vụ");
	done(&p);
}

static const char ministry_cut[] =
	"năm 2026 của các địa phương\n"
	"Kính gửi: Ủy ban nhân dân các tỉnh, thành phố.\n"
	"\n"
	"Bộ Công Thương đề nghị các địa phương rà soát các dự án năng lượng và\n"
	"gửi kết quả về Bộ Công Thương trước ngày 20/3/2026./.\n"
	"Nơi nhận:\n"
	"- Như trên;\n"
	"- Lưu: VT, ĐL.\n"
	"**KT. BỘ TRƯỞNG**\n"
	"**THỨ TRƯỞNG.**\n"
	"*Handwritten signature*\n"
	"Nguyễn Hoàng Long\n";

static void test_truncated_inferred(void **state)
{
	struct parsed p;
	cJSON *r = parse(&p, ministry_cut, &dispatch), *s;

	(void)state;
	assert_string_equal(str(r, "issuer"), "Bộ Công Thương");
	assert_true(is_null(r, "province"));
	assert_true(has_warning(r, "issuer-inferred"));
	s = cJSON_GetObjectItemCaseSensitive(r, "signer");
	assert_string_equal(str(s, "name"), "Nguyễn Hoàng Long");
	assert_string_equal(str(s, "title"), "Thứ trưởng");
	assert_string_equal(str(s, "authority"), "KT. Bộ trưởng");
	done(&p);
}

static void test_signer_prefixes(void **state)
{
	static const struct { const char *text, *title, *auth, *name; } cases[] = {
		{"x./.\nTUQ. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\n(Đã ký)\nLê Thị Thu\n",
		 "Chánh Văn phòng", "TUQ. Chủ tịch", "Lê Thị Thu"},
		{"x./.\nQ. GIÁM ĐỐC\n\nPhan Văn Hải\n", "Quyền Giám đốc", "Q. Giám đốc", "Phan Văn Hải"},
		{"x./.\nTM. HỘI ĐỒNG NHÂN DÂN\nCHỦ TỊCH\nNguyễn Văn Lợi (đã ký)\n", "Chủ tịch",
		 "TM. Hội đồng nhân dân", "Nguyễn Văn Lợi"},
		{"x./.\nTL. BỘ TRƯỞNG\nVỤ TRƯỞNG\n[Đã ký]\nĐỗ An\n", "Vụ trưởng", "TL. Bộ trưởng", "Đỗ An"},
		{"x./.\nK/T BÍ THƯ\nPHÓ BÍ THƯ.\n\nMai Văn Tú\n", "Phó Bí thư", "K/T Bí thư", "Mai Văn Tú"},
		{"x./.\nTM ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nVõ Tấn Đức\n", "Chủ tịch", "TM. Ủy ban nhân dân", "Võ Tấn Đức"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct parsed p;
		cJSON *r = parse(&p, cases[i].text, &other), *s;

		s = cJSON_GetObjectItemCaseSensitive(r, "signer");
		assert_non_null(s);
		if (cases[i].title)
			assert_string_equal(str(s, "title"), cases[i].title);
		assert_string_equal(str(s, "authority"), cases[i].auth);
		assert_string_equal(str(s, "name"), cases[i].name);
		done(&p);
	}
}

static void test_detect_scale(void **state)
{
	static const char notice_kl[] =
		"VĂN PHÒNG CHÍNH PHỦ\nSố: 398/TB-VPCP\nHà Nội, ngày 05 tháng 8 năm 2025\n"
		"THÔNG BÁO KẾT LUẬN\ncủa Thủ tướng Chính phủ tại hội nghị\n";
	static const char totrinh[] =
		"SỞ NỘI VỤ\nSố: 12/TTr-SNV\nHuế, ngày 05 tháng 8 năm 2025\nTỜ TRÌNH\nVề việc thành lập\n";
	static const char bare[] = "Ủy ban nhân dân tỉnh đề nghị các sở.\n";
	struct parsed p;
	cJSON *r;

	(void)state;
	load(&p, notice_kl);
	assert_true(vt_extract_detect_type(&p.doc, "notice") > vt_extract_detect_type(&p.doc, "conclusion"));
	vt_text_free(p.t);
	load(&p, totrinh);
	assert_true(vt_extract_detect_type(&p.doc, "other") >= 80);
	assert_true(vt_extract_detect_type(&p.doc, "dispatch") < 50);
	vt_text_free(p.t);
	r = parse(&p, totrinh, &other);
	assert_string_equal(str(r, "type"), "other");
	assert_string_equal(str(r, "issuer"), "Sở Nội vụ");
	done(&p);
	load(&p, bare);
	assert_true(vt_extract_detect_type(&p.doc, "other") < 50);
	vt_text_free(p.t);
}

static void test_annex_missing(void **state)
{
	static const char t1[] =
		"Số: 5/KH-UBND\nKẾ HOẠCH\nVề đối ngoại\n1. Các nhiệm vụ cụ thể (chi tiết tại Phụ lục kèm theo)./.\n";
	static const char t2[] =
		"Số: 5/KH-UBND\nKẾ HOẠCH\nVề đối ngoại\n1. Các nhiệm vụ cụ thể (chi tiết tại Phụ lục kèm theo)./.\n"
		"PHỤ LỤC\nDanh mục nhiệm vụ\n";
	struct parsed p;
	cJSON *r = parse(&p, t1, &plan);

	(void)state;
	assert_true(has_warning(r, "annex-missing"));
	done(&p);
	r = parse(&p, t2, &plan);
	assert_false(has_warning(r, "annex-missing"));
	done(&p);
}

/*
 * The registry asks every plugin about one text in turn, and detect keeps
 * the cues of the last text: a text of the same length loaded next (most
 * likely at the very address of the one freed before it) must get its own.
 */
static void test_detect_each_text(void **state)
{
	static const char plan_t[] =
		"Số: 15/KH-UBND\nKẾ HOẠCH\nThực hiện chuyển đổi số năm 2025 ..\n";
	static const char notice_t[] =
		"Số: 15/TB-UBND\nTHÔNG BÁO\nKết luận về chuyển đổi số năm 2025\n";
	struct parsed a, b;
	struct vt_doc bare;
	int k;

	(void)state;
	assert_int_equal(strlen(plan_t), strlen(notice_t));
	for (k = 0; k < 3; k++) {
		load(&a, plan_t);
		assert_int_equal(vt_extract_detect_type(&a.doc, "plan"), 95);
		assert_true(vt_extract_detect_type(&a.doc, "notice") < 50);
		vt_text_free(a.t);
		load(&b, notice_t);
		assert_int_equal(vt_extract_detect_type(&b.doc, "notice"), 95);
		assert_true(vt_extract_detect_type(&b.doc, "plan") < 50);
		vt_text_free(b.t);
	}
	/* both alive, asked in turn */
	load(&a, plan_t);
	load(&b, notice_t);
	for (k = 0; k < 2; k++) {
		assert_int_equal(vt_extract_detect_type(&a.doc, "plan"), 95);
		assert_int_equal(vt_extract_detect_type(&b.doc, "notice"), 95);
	}
	/* a text that is not its source's normalised text is read afresh */
	bare = b.doc;
	bare.text = a.doc.text;
	bare.len = a.doc.len;
	assert_int_equal(vt_extract_detect_type(&bare, "plan"), 95);
	bare.src = NULL;
	assert_int_equal(vt_extract_detect_type(&bare, "plan"), 95);
	assert_int_equal(vt_extract_detect_type(&b.doc, "notice"), 95);
	vt_text_free(a.t);
	vt_text_free(b.t);
}

/* pdftotext -layout: the date column ends the second line of the V/v. */
static void test_subject_through_date_column(void **state)
{
	struct parsed p;
	const cJSON *r = parse(&p,
		"UBND TỈNH AN GIANG           CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
		"SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG     Độc lập - Tự do - Hạnh phúc\n"
		"Số: 75/SNNMT-TS\n"
		"V/v chống khai thác hải sản\n"
		"bất hợp pháp, không báo         An Giang, ngày 08 tháng 10 năm 2025\n"
		"cáo và không theo quy định\n"
		"\n"
		"Kính gửi: Chi cục Thủy sản.\n"
		"\n"
		"Thực hiện chỉ đạo của Ủy ban nhân dân tỉnh, Sở đề nghị./.\n", &dispatch);

	(void)state;
	assert_string_equal(str(r, "subject"),
	                    "chống khai thác hải sản bất hợp pháp, không báo cáo và không theo quy định");
	assert_string_equal(str(r, "date"), "2025-10-08");
	assert_string_equal(str(r, "place"), "An Giang");
	done(&p);
	r = parse(&p, "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HỒ CHÍ MINH\nSố: 45/UBND-KT\nV/v thử\n"
	          "Thành phố Hồ Chí Minh, ngày 20 tháng 8 năm 2025\nKính gửi: Sở Tài chính.\n", &dispatch);
	assert_string_equal(str(r, "place"), "Thành phố Hồ Chí Minh");
	assert_string_equal(str(r, "date"), "2025-08-20");
	done(&p);
	r = parse(&p, "ỦY BAN NHÂN DÂN\nĐẶC KHU PHÚ QUỐC\nSố: 45/UBND-VP\nV/v thử\n"
	          "Đặc khu Phú Quốc, ngày 12 tháng 9 năm 2025\nKính gửi: Phòng Kinh tế.\n", &dispatch);
	assert_string_equal(str(r, "place"), "Đặc khu Phú Quốc");
	done(&p);
	/* the date line wrapped before its year */
	r = parse(&p, "BỘ Y TẾ\nSố: 120/BYT-KCB\nV/v thử nghiệm\nHà Nội, ngày 15 tháng 10\nnăm 2025\n"
	          "Kính gửi: Sở Y tế các tỉnh.\n", &dispatch);
	assert_string_equal(str(r, "date"), "2025-10-15");
	assert_string_equal(str(r, "subject"), "thử nghiệm");
	done(&p);
}

/* The body may open on the situation right under the subject. */
static void test_subject_before_situation(void **state)
{
	struct parsed p;
	const cJSON *r = parse(&p,
		"ỦY BAN NHÂN DÂN\nTỈNH NGHỆ AN\n"
		"Số: 08/CT-UBND        Nghệ An, ngày 20 tháng 10 năm 2025\n"
		"\n"
		"CHỈ THỊ\n"
		"Về tăng cường công tác phòng, chống thiên tai\n"
		"\n"
		"Thời gian qua, công tác phòng, chống thiên tai đạt nhiều kết quả.\n"
		"1. Sở Nông nghiệp và Môi trường chủ trì rà soát phương án./.\n",
		&(const struct vt_extract_opts){"directive", "CHỈ THỊ", 0});

	(void)state;
	assert_string_equal(str(r, "subject"), "Về tăng cường công tác phòng, chống thiên tai");
	done(&p);
}

/* The date line of a markdown header cell in italics. */
static void test_markdown_italic_date(void **state)
{
	struct parsed p;
	const cJSON *r = parse(&p,
		"| ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
		"| --- | --- |\n"
		"| **THÀNH PHỐ HUẾ** | **Độc lập - Tự do - Hạnh phúc** |\n"
		"| Số: 145/KH-UBND | *Huế, ngày 22 tháng 4 năm 2025* |\n"
		"\n"
		"**KẾ HOẠCH**\n"
		"\n"
		"**Triển khai chuyển đổi số năm 2025**\n"
		"\n"
		"1. Sở Khoa học và Công nghệ chủ trì thực hiện./.\n", &plan);

	(void)state;
	assert_string_equal(str(r, "place"), "Huế");
	assert_string_equal(str(r, "date"), "2025-04-22");
	assert_string_equal(str(r, "issuer"), "Ủy ban nhân dân thành phố Huế");
	done(&p);
}

/* "VĂN PHÒNG" under its parent is the parent's Office. */
static void test_office_issuer(void **state)
{
	struct parsed p;
	const cJSON *r = parse(&p,
		"UBND TỈNH HƯNG YÊN\nVĂN PHÒNG\n"
		"Số: 412/TB-VP           Hưng Yên, ngày 06 tháng 11 năm 2025\n"
		"\nTHÔNG BÁO\nKết luận của Phó Chủ tịch UBND tỉnh\n\n"
		"1. Sở Xây dựng chủ trì thực hiện./.\n",
		&(const struct vt_extract_opts){"notice", "THÔNG BÁO", 0});

	(void)state;
	assert_string_equal(str(r, "issuer"), "Văn phòng Ủy ban nhân dân tỉnh Hưng Yên");
	done(&p);
	r = parse(&p,
		"TỈNH ỦY BẮC NINH\nVĂN PHÒNG\n*\nSố 15-CV/VPTU\nĐẢNG CỘNG SẢN VIỆT NAM\n"
		"Bắc Ninh, ngày 02 tháng 10 năm 2025\nV/v chuẩn bị hội nghị\n\n"
		"Kính gửi: Các ban đảng Tỉnh ủy.\n\nThực hiện chỉ đạo, Văn phòng đề nghị./.\n",
		&dispatch);
	assert_string_equal(str(r, "issuer"), "Văn phòng Tỉnh ủy Bắc Ninh");
	done(&p);
}

/* A Standing Committee under "ĐẢNG BỘ TỈNH X", its conclusions opening on the meeting. */
static void test_party_standing_committee(void **state)
{
	struct parsed p;
	const cJSON *r = parse(&p,
		"ĐẢNG BỘ TỈNH QUẢNG NINH\nBAN THƯỜNG VỤ TỈNH ỦY\n*\nSố 215-KL/TU\n"
		"ĐẢNG CỘNG SẢN VIỆT NAM\nQuảng Ninh, ngày 10 tháng 3 năm 2026\n"
		"KẾT LUẬN\nCỦA BAN THƯỜNG VỤ TỈNH ỦY\nvề tình hình kinh tế - xã hội quý I\n"
		"Tại phiên họp ngày 05-3-2026, Ban Thường vụ Tỉnh ủy kết luận như sau:\n"
		"1- Ban cán sự đảng Ủy ban nhân dân tỉnh lãnh đạo rà soát các chỉ tiêu.\n"
		"Nơi nhận:\n- Lưu Văn phòng Tỉnh ủy.\n"
		"T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ THƯỜNG TRỰC\nVũ Đại Thắng\n",
		&(const struct vt_extract_opts){"conclusion", "KẾT LUẬN", 0});

	(void)state;
	assert_string_equal(str(r, "issuer"), "Ban Thường vụ Tỉnh ủy Quảng Ninh");
	assert_string_equal(str(r, "subject"), "về tình hình kinh tế - xã hội quý I");
	assert_string_equal(at(cJSON_GetArrayItem(cJSON_GetObjectItem(r, "tasks"), 0), "lead", 0),
	                    "Ban cán sự đảng Ủy ban nhân dân tỉnh");
	done(&p);
}

/* Recipients on the Kính gửi line parted by ";"; an acting head's title. */
static void test_recipients_inline_and_acting(void **state)
{
	struct parsed p;
	const cJSON *r = parse(&p,
		"UBND TỈNH THANH HÓA\nSỞ Y TẾ\nSố: 455/SYT-NVY\nV/v phòng, chống dịch\n"
		"Thanh Hóa, ngày 12 tháng 02 năm 2026\n"
		"Kính gửi: Trung tâm Kiểm soát bệnh tật tỉnh; các bệnh viện tuyến tỉnh.\n"
		"Sở Y tế yêu cầu:\n"
		"1. Các bệnh viện tuyến tỉnh bảo đảm thuốc, vật tư./.\n"
		"Nơi nhận:\n- Như trên;\n- Lưu: VT.\nQ. GIÁM ĐỐC\nLê Văn Sỹ\n", &dispatch);
	const cJSON *sg = cJSON_GetObjectItem(r, "signer");

	(void)state;
	assert_int_equal(count(r, "recipients"), 2);
	assert_string_equal(at(r, "recipients", 0), "Trung tâm Kiểm soát bệnh tật tỉnh");
	assert_string_equal(at(r, "recipients", 1), "các bệnh viện tuyến tỉnh");
	assert_string_equal(at(cJSON_GetArrayItem(cJSON_GetObjectItem(r, "tasks"), 0), "lead", 0),
	                    "Các bệnh viện tuyến tỉnh");
	assert_string_equal(str(sg, "title"), "Quyền Giám đốc");
	assert_string_equal(str(sg, "authority"), "Q. Giám đốc");
	done(&p);
}

/* A Công điện: the addressees under "… điện:" are no part of the subject. */
static void test_subject_before_addressees(void **state)
{
	struct parsed p;
	const cJSON *r = parse(&p,
		"THỦ TƯỚNG CHÍNH PHỦ\nSố: 125/CĐ-TTg          Hà Nội, ngày 28 tháng 9 năm 2025\n\n"
		"CÔNG ĐIỆN\nVề việc ứng phó với bão số 10\n\n"
		"THỦ TƯỚNG CHÍNH PHỦ điện:\n"
		"- Chủ tịch Ủy ban nhân dân các tỉnh ven biển;\n- Các Bộ: Quốc phòng, Công an.\n\n"
		"1. Bộ Quốc phòng chỉ đạo các đơn vị sẵn sàng lực lượng./.\n", &other);

	(void)state;
	assert_string_equal(str(r, "subject"), "Về việc ứng phó với bão số 10");
	done(&p);
}

/* Names one a line without dashes; the body after "Kính gửi: X" and a blank. */
static void test_recipients_undashed(void **state)
{
	struct parsed p;
	const cJSON *r = parse(&p,
		"ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI\nSố: 12/UBND-VX   Lào Cai, ngày 05 tháng 11 năm 2025\n"
		"V/v thử nghiệm\nKính gửi:\n    Sở Tài chính;\n    Sở Nội vụ;\n"
		"    Ủy ban nhân dân các xã, phường.\n\n"
		"Thực hiện chỉ đạo, UBND tỉnh giao Sở Tài chính chủ trì./.\n", &dispatch);

	(void)state;
	assert_int_equal(count(r, "recipients"), 3);
	assert_string_equal(at(r, "recipients", 1), "Sở Nội vụ");
	done(&p);
	r = parse(&p,
		"BỘ CÔNG THƯƠNG\nSố: 12/BCT-XNK\nV/v thử nghiệm\nHà Nội, ngày 05 tháng 11 năm 2025\n"
		"Kính gửi: Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương\n\n"
		"Bộ Công Thương đề nghị Ủy ban nhân dân các tỉnh chỉ đạo Sở Công Thương báo cáo./.\n",
		&dispatch);
	assert_int_equal(count(r, "recipients"), 1);
	assert_string_equal(at(r, "recipients", 0),
	                    "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương");
	/* the one asked leads, not the one asking */
	assert_string_equal(at(cJSON_GetArrayItem(cJSON_GetObjectItem(r, "tasks"), 0), "lead", 0),
	                    "Ủy ban nhân dân các tỉnh");
	done(&p);
}

/* A plan's task table in its annex, after the signature; a decision's is not its own. */
static void test_annex_task_table(void **state)
{
	static const char annex[] =
		"KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nTrần Hòa Nam\n\nPHỤ LỤC\nDANH MỤC NHIỆM VỤ\n"
		"(Kèm theo Kế hoạch số 301/KH-UBND ngày 02/12/2025 của UBND tỉnh)\n"
		"| STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |\n"
		"|---|---|---|---|---|\n"
		"| 1 | Xây dựng kho dữ liệu | Sở Khoa học và Công nghệ | Các sở, ngành | Quý II/2026 |\n";
	char text[2048];
	struct parsed p;
	const cJSON *r, *t;

	(void)state;
	snprintf(text, sizeof(text), "ỦY BAN NHÂN DÂN\nTỈNH KHÁNH HÒA\n"
	         "Số: 301/KH-UBND        Khánh Hòa, ngày 02 tháng 12 năm 2025\nKẾ HOẠCH\n"
	         "Chuyển đổi số năm 2026\nI. NHIỆM VỤ\nCác nhiệm vụ tại Phụ lục kèm theo.\n./.\n"
	         "Nơi nhận:\n- Lưu: VT.\n%s", annex);
	r = parse(&p, text, &plan);
	assert_int_equal(count(r, "tasks"), 1);
	t = cJSON_GetArrayItem(cJSON_GetObjectItem(r, "tasks"), 0);
	assert_string_equal(str(t, "label"), "PL.1");
	assert_string_equal(at(t, "lead", 0), "Sở Khoa học và Công nghệ");
	assert_string_equal(at(t, "deadlines", 0), "2026-Q2");
	done(&p);
	snprintf(text, sizeof(text), "ỦY BAN NHÂN DÂN\nTỈNH KHÁNH HÒA\n"
	         "Số: 30/QĐ-UBND        Khánh Hòa, ngày 02 tháng 12 năm 2025\nQUYẾT ĐỊNH\n"
	         "Ban hành Kế hoạch chuyển đổi số\nĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch.\n"
	         "Điều 2. Quyết định này có hiệu lực kể từ ngày ký./.\nNơi nhận:\n- Lưu: VT.\n%s", annex);
	r = parse(&p, text, &decision);
	assert_int_equal(count(r, "tasks"), 0);
	done(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_numbered),
		cmocka_unit_test(test_recipients_grouped),
		cmocka_unit_test(test_recipients_telegram),
		cmocka_unit_test(test_tasks_numbered),
		cmocka_unit_test(test_signer_and_distribution),
		cmocka_unit_test(test_header_draft),
		cmocka_unit_test(test_tasks_agency_headings),
		cmocka_unit_test(test_signer_before_distribution),
		cmocka_unit_test(test_issuer_inferred),
		cmocka_unit_test(test_commune_province),
		cmocka_unit_test(test_subject_wrapped_date),
		cmocka_unit_test(test_annex_tasks),
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_type_mismatch),
		cmocka_unit_test(test_party_header),
		cmocka_unit_test(test_table_header),
		cmocka_unit_test(test_attachments),
		cmocka_unit_test(test_truncated_inferred),
		cmocka_unit_test(test_signer_prefixes),
		cmocka_unit_test(test_detect_scale),
		cmocka_unit_test(test_annex_missing),
		cmocka_unit_test(test_detect_each_text),
		cmocka_unit_test(test_subject_through_date_column),
		cmocka_unit_test(test_subject_before_situation),
		cmocka_unit_test(test_markdown_italic_date),
		cmocka_unit_test(test_office_issuer),
		cmocka_unit_test(test_party_standing_committee),
		cmocka_unit_test(test_recipients_inline_and_acting),
		cmocka_unit_test(test_subject_before_addressees),
		cmocka_unit_test(test_recipients_undashed),
		cmocka_unit_test(test_annex_task_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
