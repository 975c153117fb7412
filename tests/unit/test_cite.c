/*
 * Citations on sentences written for these tests in the style of the
 * documents: one verb over a list, nested relations, aliases, "Văn bản số"
 * typing, laws by name, standards, deduplication, self references and
 * hostile input.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "vanthu/cite.h"

struct out {
	cJSON *refs, *rels, *stds;
};

static struct out run(const char *text, const char *self)
{
	struct vt_doc doc = { text, strlen(text), "test", NULL };
	struct out o = { cJSON_CreateArray(), cJSON_CreateArray(), cJSON_CreateArray() };

	assert_int_equal(vt_cite_extract(o.refs, o.rels, o.stds, &doc, self), 0);
	return o;
}

static void done(struct out *o)
{
	cJSON_Delete(o->refs);
	cJSON_Delete(o->rels);
	cJSON_Delete(o->stds);
}

static const cJSON *ref(const struct out *o, const char *number)
{
	const cJSON *r;

	cJSON_ArrayForEach(r, o->refs) {
		const cJSON *n = cJSON_GetObjectItem(r, "number");

		if (cJSON_IsString(n) && !strcmp(n->valuestring, number))
			return r;
	}
	fail_msg("no reference '%s'", number);
	return NULL;
}

static const char *field(const cJSON *r, const char *k)
{
	const cJSON *v = cJSON_GetObjectItem(r, k);

	assert_non_null(v);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void has_rel(const struct out *o, const char *from, const char *to,
                    const char *relation)
{
	const cJSON *r;

	cJSON_ArrayForEach(r, o->rels) {
		if (!strcmp(field(r, "from"), from) && !strcmp(field(r, "to"), to)) {
			assert_string_equal(field(r, "relation"), relation);
			return;
		}
	}
	fail_msg("no relation %s -> %s", from, to);
}

/*
 * A verb in capitals, or wrapped over lines and blanks of any kind, is
 * the verb; one that runs on into a longer word is not.
 */
static void test_verb_forms(void **state)
{
	struct out o = run(
		"CĂN CỨ Nghị quyết số 3/NQ-HĐND ngày 1/2/2024 của Hội đồng nhân dân tỉnh;\n"
		"Tiếp tục triển\n\tkhai thực\xc2\xa0hiện Kế hoạch số 9/KH-UBND ngày 2/3/2024;\n"
		"Thực hiệnx Quyết định số 5/QĐ-UBND ngày 4/5/2024.\n", NULL);

	(void)state;
	assert_string_equal(field(ref(&o, "3/NQ-HĐND"), "relation"), "based_on");
	assert_string_equal(field(ref(&o, "9/KH-UBND"), "relation"), "implements");
	assert_string_equal(field(ref(&o, "5/QĐ-UBND"), "relation"), "cites");
	done(&o);
}

/* The issuer of a citation in a "V/v" block ends before "Kính gửi". */
static void test_issuer_before_addressees(void **state)
{
	struct out o = run(
		"V/v triển khai Chỉ thị số 21/CT-TTg\n  ngày 18/7/2025 của Thủ tướng\n"
		"       Chính phủ\n\n                      Kính gửi:\n"
		"                              - Công an tỉnh.\n", NULL);

	(void)state;
	assert_string_equal(field(ref(&o, "21/CT-TTg"), "issuer"), "Thủ tướng Chính phủ");
	done(&o);
}

/* "của X tại Văn bản số …" gives the issuer; a reply keeps its verb. */
static void test_issuer_tied_by_tai(void **state)
{
	struct out o = run(
		"Phúc đáp Công văn số 88/UBND-KT ngày 20/10/2025 của UBND xã Ia Grai; thực hiện "
		"ý kiến chỉ đạo của Chủ tịch UBND tỉnh tại Văn bản số 4512/UBND-CNXD ngày "
		"15/10/2025, Sở Xây dựng có ý kiến như sau.\n", NULL);

	(void)state;
	assert_string_equal(field(ref(&o, "4512/UBND-CNXD"), "issuer"), "Chủ tịch UBND tỉnh");
	assert_string_equal(field(ref(&o, "4512/UBND-CNXD"), "relation"), "implements");
	assert_string_equal(field(ref(&o, "88/UBND-KT"), "relation"), "cites");
	assert_string_equal(field(ref(&o, "88/UBND-KT"), "verb"), "Phúc đáp");
	done(&o);
}

static void test_verb_governs_list(void **state)
{
	struct out o = run(
		"Căn cứ Nghị quyết số 12/NQ-HĐND ngày 10/7/2024 của Hội đồng nhân dân\n"
		"tỉnh về phát triển du lịch; Quyết định số 88/QĐ-UBND ngày 15/8/2024\n"
		"của Ủy ban nhân dân tỉnh và Kế hoạch số 40-KH/TU ngày 2-9-2024 của Ban\n"
		"Thường vụ Tỉnh ủy;\n\n"
		"Thực hiện Công văn số 1207/BVHTTDL-DL ngày 20/9/2024 của Bộ Văn hóa;\n"
		"Sở Du lịch đề nghị các đơn vị rà soát Nghị quyết số 7/NQ-HĐND.\n", NULL);

	(void)state;
	assert_int_equal(cJSON_GetArraySize(o.refs), 5);
	assert_string_equal(field(ref(&o, "12/NQ-HĐND"), "relation"), "based_on");
	assert_string_equal(field(ref(&o, "12/NQ-HĐND"), "verb"), "Căn cứ");
	assert_string_equal(field(ref(&o, "12/NQ-HĐND"), "date"), "2024-07-10");
	assert_string_equal(field(ref(&o, "12/NQ-HĐND"), "issuer"), "Hội đồng nhân dân tỉnh");
	assert_string_equal(field(ref(&o, "12/NQ-HĐND"), "subject"), "phát triển du lịch");
	assert_string_equal(field(ref(&o, "88/QĐ-UBND"), "relation"), "based_on");
	assert_string_equal(field(ref(&o, "88/QĐ-UBND"), "type"), "decision");
	assert_string_equal(field(ref(&o, "40-KH/TU"), "relation"), "based_on");
	assert_string_equal(field(ref(&o, "40-KH/TU"), "date"), "2024-09-02");
	assert_string_equal(field(ref(&o, "40-KH/TU"), "issuer"), "Ban Thường vụ Tỉnh ủy");
	assert_string_equal(field(ref(&o, "1207/BVHTTDL-DL"), "relation"), "implements");
	assert_string_equal(field(ref(&o, "1207/BVHTTDL-DL"), "type"), "dispatch");
	/* a new sentence without a verb: a bare citation */
	assert_string_equal(field(ref(&o, "7/NQ-HĐND"), "relation"), "cites");
	assert_null(field(ref(&o, "7/NQ-HĐND"), "verb"));
	/* documents merely listed together state no relation */
	assert_int_equal(cJSON_GetArraySize(o.rels), 0);
	done(&o);
}

static void test_nested_relation(void **state)
{
	struct out o = run(
		"Thực hiện Kế hoạch số 75-KH/TU ngày 01/3/2025 của Ban Thường vụ Thành ủy\n"
		"về việc triển khai thực hiện Kết luận số 126-KL/TW ngày 14/02/2025 của Bộ\n"
		"Chính trị về sắp xếp tổ chức bộ máy; Ủy ban nhân dân thành phố yêu cầu:\n"
		"1. Các sở quán triệt Chỉ thị số 3/CT-UBND ngày 5/3/2025 của Ủy ban nhân\n"
		"dân thành phố ban hành Chương trình hành động thực hiện Nghị quyết số\n"
		"18-NQ/TW.\n", NULL);

	(void)state;
	assert_int_equal(cJSON_GetArraySize(o.refs), 4);
	assert_string_equal(field(ref(&o, "75-KH/TU"), "relation"), "implements");
	/* met only inside another document's subject: a mention */
	assert_string_equal(field(ref(&o, "126-KL/TW"), "relation"), "cites");
	assert_string_equal(field(ref(&o, "126-KL/TW"), "date"), "2025-02-14");
	assert_string_equal(field(ref(&o, "126-KL/TW"), "issuer"), "Bộ Chính trị");
	assert_string_equal(field(ref(&o, "126-KL/TW"), "type"), "conclusion");
	assert_string_equal(field(ref(&o, "3/CT-UBND"), "relation"), "implements");
	assert_string_equal(field(ref(&o, "18-NQ/TW"), "relation"), "cites");
	assert_int_equal(cJSON_GetArraySize(o.rels), 2);
	has_rel(&o, "75-KH/TU", "126-KL/TW", "implements");
	has_rel(&o, "3/CT-UBND", "18-NQ/TW", "implements");
	done(&o);
}

static void test_first_verb_wins(void **state)
{
	struct out o = run(
		"Căn cứ Nghị quyết số 44-NQ/TW ngày 9/9/2024 của Bộ Chính trị;\n"
		"Căn cứ Kế hoạch số 9-KH/TU ngày 2/10/2024 của Tỉnh ủy về triển khai\n"
		"thực hiện Nghị quyết số 44-NQ/TW;\n"
		"Tiếp tục triển khai Nghị quyết số 44-NQ/TW và Kế hoạch số 9-KH/TU.\n",
		NULL);

	(void)state;
	assert_int_equal(cJSON_GetArraySize(o.refs), 2);
	assert_string_equal(field(ref(&o, "44-NQ/TW"), "relation"), "based_on");
	assert_string_equal(field(ref(&o, "9-KH/TU"), "relation"), "based_on");
	assert_string_equal(field(ref(&o, "44-NQ/TW"), "date"), "2024-09-09");
	has_rel(&o, "9-KH/TU", "44-NQ/TW", "implements");
	assert_int_equal(cJSON_GetArraySize(o.rels), 1);
	done(&o);
}

static void test_nested_then_governed(void **state)
{
	struct out o = run(
		"Thực hiện Công văn số 31-CV/ĐU ngày 4/4/2025 của Đảng ủy về thực hiện\n"
		"Kế hoạch số 50-KH/TU ngày 1/4/2025 của Tỉnh ủy.\n"
		"Đề nghị các đơn vị tổ chức thực hiện Kế hoạch số 50-KH/TU.\n", NULL);

	(void)state;
	assert_string_equal(field(ref(&o, "50-KH/TU"), "relation"), "implements");
	assert_string_equal(field(ref(&o, "50-KH/TU"), "date"), "2025-04-01");
	has_rel(&o, "31-CV/ĐU", "50-KH/TU", "implements");
	done(&o);
}

static void test_alias(void **state)
{
	struct out o = run(
		"Căn cứ Quyết định số 250/QĐ-UBND ngày 3/2/2025 của Ủy ban nhân dân tỉnh\n"
		"về quy chế làm việc (sau đây gọi tắt là Quyết định số 250/QĐ-UBND);\n"
		"Các sở thực hiện đúng Quyết định số 250/QĐ-UBND.\n", NULL);

	(void)state;
	assert_int_equal(cJSON_GetArraySize(o.refs), 1);
	assert_string_equal(field(ref(&o, "250/QĐ-UBND"), "alias"), "Quyết định số 250/QĐ-UBND");
	assert_string_equal(field(ref(&o, "250/QĐ-UBND"), "subject"), "quy chế làm việc");
	assert_string_equal(field(ref(&o, "250/QĐ-UBND"), "relation"), "based_on");
	done(&o);
}

static void test_van_ban_typing(void **state)
{
	struct out o = run(
		"Thực hiện Văn bản số 77/TB-VPCP ngày 9/3/2026 thông báo ý kiến chỉ đạo;\n"
		"theo đề nghị của Sở Tài chính tại Văn bản số 512/STC-NS ngày 10/3/2026,\n"
		"Ủy ban nhân dân tỉnh giao nhiệm vụ sau.\n", NULL);

	(void)state;
	assert_string_equal(field(ref(&o, "77/TB-VPCP"), "type"), "notice");
	/* no "của" phrase: the issuer the symbol names */
	assert_string_equal(field(ref(&o, "77/TB-VPCP"), "issuer"), "Văn phòng Chính phủ");
	assert_string_equal(field(ref(&o, "512/STC-NS"), "type"), "dispatch");
	assert_string_equal(field(ref(&o, "512/STC-NS"), "relation"), "proposed_by");
	assert_string_equal(field(ref(&o, "512/STC-NS"), "issuer"), "Sở Tài chính");
	assert_string_equal(field(ref(&o, "512/STC-NS"), "date"), "2026-03-10");
	done(&o);
	/* a proposer whose name has commas keeps them */
	o = run("Xét đề nghị của Sở Văn hóa, Thể thao và Du lịch tại Tờ trình số "
	        "215/TTr-SVHTTDL ngày 02/9/2025.\n", NULL);
	assert_string_equal(field(ref(&o, "215/TTr-SVHTTDL"), "relation"), "proposed_by");
	assert_string_equal(field(ref(&o, "215/TTr-SVHTTDL"), "issuer"),
	                    "Sở Văn hóa, Thể thao và Du lịch");
	done(&o);
}

static void test_laws_and_standards(void **state)
{
	struct out o = run(
		"Căn cứ Luật Quy hoạch ngày 24 tháng 11 năm 2017;\n"
		"Căn cứ Luật Đầu tư số 61/2020/QH14;\n"
		"Công trình phải đáp ứng QCVN 06:2022/BXD và TCVN 5574:2018.\n", NULL);
	const cJSON *r, *law = NULL;

	(void)state;
	assert_int_equal(cJSON_GetArraySize(o.refs), 2);
	cJSON_ArrayForEach(r, o.refs)
		if (cJSON_IsNull(cJSON_GetObjectItem(r, "number")))
			law = r;
	assert_non_null(law);
	assert_string_equal(field(law, "type"), "law");
	assert_string_equal(field(law, "subject"), "Quy hoạch");
	assert_string_equal(field(law, "date"), "2017-11-24");
	assert_string_equal(field(law, "relation"), "based_on");
	assert_string_equal(field(ref(&o, "61/2020/QH14"), "type"), "law");
	assert_string_equal(field(ref(&o, "61/2020/QH14"), "relation"), "based_on");
	assert_int_equal(cJSON_GetArraySize(o.stds), 2);
	assert_string_equal(field(cJSON_GetArrayItem(o.stds, 0), "number"), "QCVN 06:2022/BXD");
	assert_string_equal(field(cJSON_GetArrayItem(o.stds, 1), "number"), "TCVN 5574:2018");
	done(&o);
}

static void test_amend_replace_repeal(void **state)
{
	struct out o = run(
		"Điều 1. Sửa đổi, bổ sung một số điều của Quyết định số 20/2022/QĐ-UBND\n"
		"ngày 1/6/2022 của Ủy ban nhân dân tỉnh.\n"
		"Điều 2. Quyết định này thay thế Quyết định số 33/2021/QĐ-UBND ngày\n"
		"8/6/2021 của Ủy ban nhân dân tỉnh và bãi bỏ Chỉ thị số 4/CT-UBND.\n"
		"Điều 3. Hướng dẫn thực hiện Thông tư số 02/2024/TT-BNV.\n", NULL);

	(void)state;
	assert_string_equal(field(ref(&o, "20/2022/QĐ-UBND"), "relation"), "amends");
	assert_string_equal(field(ref(&o, "33/2021/QĐ-UBND"), "relation"), "replaces");
	assert_string_equal(field(ref(&o, "33/2021/QĐ-UBND"), "date"), "2021-06-08");
	assert_string_equal(field(ref(&o, "4/CT-UBND"), "relation"), "repeals");
	assert_string_equal(field(ref(&o, "02/2024/TT-BNV"), "relation"), "guides");
	assert_string_equal(field(ref(&o, "02/2024/TT-BNV"), "type"), "circular");
	assert_int_equal(cJSON_GetArraySize(o.rels), 0);
	done(&o);
}

/* One verb and one type word over a list after a colon. */
static void test_verb_over_colon_list(void **state)
{
	struct out o = run(
		"Điều 2. Quyết định này có hiệu lực từ ngày 10/10/2025 và thay thế các "
		"Quyết định: số 20/2021/QĐ-UBND ngày 15/6/2021 của Ủy ban nhân dân tỉnh "
		"Vĩnh Phúc; số 31/2022/QĐ-UBND ngày 28/10/2022 của Ủy ban nhân dân tỉnh "
		"Hòa Bình.\n"
		"Điều 3. Giao các sở thực hiện: Sở Tài chính theo Quyết định số "
		"5/QĐ-UBND.\n", NULL);

	(void)state;
	assert_string_equal(field(ref(&o, "20/2021/QĐ-UBND"), "relation"), "replaces");
	assert_string_equal(field(ref(&o, "31/2022/QĐ-UBND"), "relation"), "replaces");
	assert_string_equal(field(ref(&o, "31/2022/QĐ-UBND"), "issuer"),
	                    "Ủy ban nhân dân tỉnh Hòa Bình");
	/* a colon before other words still ends the verb's clause */
	assert_string_equal(field(ref(&o, "5/QĐ-UBND"), "relation"), "cites");
	done(&o);
}

/* A citation in the V/v ends above the header's place and date line. */
static void test_vv_citation_before_date_line(void **state)
{
	struct out o = run(
		"V/v triển khai Kế hoạch số 145/KH-UBND của UBND thành phố\n"
		"\n"
		"Thuận Hóa, ngày 3 tháng 12 năm 2025\n", NULL);
	struct out o2 = run(
		"V/v triển khai Kế hoạch số 145/KH-UBND của UBND thành phố\n"
		"Thuận Hóa, ngày 3 tháng 12 năm 2025\n", NULL);

	(void)state;
	assert_string_equal(field(ref(&o, "145/KH-UBND"), "issuer"), "UBND thành phố");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(ref(&o, "145/KH-UBND"), "date")));
	assert_string_equal(field(ref(&o2, "145/KH-UBND"), "issuer"), "UBND thành phố");
	done(&o2);
	/* nor into the Quốc hiệu under the V/v; a QH resolution is a resolution */
	o2 = run("V/v triển khai Nghị quyết số 98/2023/QH15 của Quốc hội\n"
	         "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n", NULL);
	assert_string_equal(field(ref(&o2, "98/2023/QH15"), "issuer"), "Quốc hội");
	assert_string_equal(field(ref(&o2, "98/2023/QH15"), "type"), "resolution");
	done(&o2);
	/* nor into the authority line under a decision's subject */
	o2 = run("Ban hành Kế hoạch triển khai Nghị quyết số 57-NQ/TW ngày 22/12/2024\n"
	         "của Bộ Chính trị trên địa bàn tỉnh\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH\n", NULL);
	assert_string_equal(field(ref(&o2, "57-NQ/TW"), "issuer"), "Bộ Chính trị");
	done(&o2);
	o2 = run("Ban hành Kế hoạch triển khai Nghị quyết số 57-NQ/TW ngày 22/12/2024\n"
	         "của Bộ Chính trị\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH\n", NULL);
	assert_string_equal(field(ref(&o2, "57-NQ/TW"), "issuer"), "Bộ Chính trị");
	done(&o2);
	/* "Xét Tờ trình số …" proposes */
	o2 = run("Căn cứ Luật Đầu tư công số 58/2024/QH15;\n"
	         "Xét Tờ trình số 512/TTr-UBND ngày 25/11/2025 của Ủy ban nhân dân tỉnh;\n", NULL);
	assert_string_equal(field(ref(&o2, "512/TTr-UBND"), "relation"), "proposed_by");
	done(&o2);
	/* nor does an issuer run into the next numbered heading */
	o2 = run("Thực hiện Chỉ thị số 45-CT/TW ngày 14/4/2025 của Bộ Chính trị\n"
	         "III. TỔ CHỨC THỰC HIỆN\n", NULL);
	assert_string_equal(field(ref(&o2, "45-CT/TW"), "issuer"), "Bộ Chính trị");
	done(&o);
	done(&o2);
}

static void test_dedupe_full_citation(void **state)
{
	struct out o = run(
		"Thực hiện Chỉ thị số 05-CT/TU; các đơn vị bám sát Chỉ thị số 05-CT/TU\n"
		"ngày 12/5/2023 của Ban Thường vụ Tỉnh ủy về chuyển đổi số.\n", NULL);

	(void)state;
	assert_int_equal(cJSON_GetArraySize(o.refs), 1);
	assert_string_equal(field(ref(&o, "05-CT/TU"), "relation"), "implements");
	assert_string_equal(field(ref(&o, "05-CT/TU"), "date"), "2023-05-12");
	assert_string_equal(field(ref(&o, "05-CT/TU"), "issuer"), "Ban Thường vụ Tỉnh ủy");
	assert_string_equal(field(ref(&o, "05-CT/TU"), "subject"), "chuyển đổi số");
	done(&o);
}

static void test_self_not_a_reference(void **state)
{
	struct out o = run(
		"Số: 120/UBND-VX\n\nCăn cứ Kế hoạch số 8/KH-UBND ngày 2/1/2025 về Kế hoạch\n"
		"số 120/UBND-VX;\nĐề nghị thực hiện nghiêm Công văn này và Công văn số\n"
		"120/UBND-VX./.\n", "120/UBND-VX");
	const cJSON *r;

	(void)state;
	assert_int_equal(cJSON_GetArraySize(o.refs), 1);
	assert_string_equal(field(ref(&o, "8/KH-UBND"), "relation"), "based_on");
	cJSON_ArrayForEach(r, o.rels)
		fail_msg("unexpected relation to self");
	done(&o);

	/* without self_number the header's "Số:" is still not a citation */
	o = run("Số: 120/UBND-VX\nThực hiện Thông báo số 4/TB-UBND.\n", NULL);
	assert_int_equal(cJSON_GetArraySize(o.refs), 1);
	assert_string_equal(field(ref(&o, "4/TB-UBND"), "relation"), "implements");
	done(&o);
}

static void test_spans(void **state)
{
	const char *t = "Thực hiện Thông báo số 9/TB-UBND ngày 5/1/2025 của Văn phòng.";
	struct out o = run(t, NULL);
	const cJSON *sp = cJSON_GetObjectItem(ref(&o, "9/TB-UBND"), "span");

	(void)state;
	assert_int_equal(cJSON_GetArraySize(sp), 2);
	assert_int_equal(cJSON_GetArrayItem(sp, 0)->valuedouble,
	                 (double)(strstr(t, "Thông báo") - t));
	assert_true(cJSON_GetArrayItem(sp, 1)->valuedouble <= (double)strlen(t));
	assert_true(cJSON_GetArrayItem(sp, 1)->valuedouble >
	            (double)(strstr(t, "2025") - t));
	done(&o);
}

static void test_relation_of_verb(void **state)
{
	(void)state;
	assert_string_equal(vt_cite_relation_of_verb("Thực hiện", strlen("Thực hiện")), "implements");
	assert_string_equal(vt_cite_relation_of_verb("Căn cứ", strlen("Căn cứ")), "based_on");
	assert_string_equal(vt_cite_relation_of_verb("triển khai thực hiện", 26), "implements");
	assert_string_equal(vt_cite_relation_of_verb("xem xét đề xuất", strlen("xem xét đề xuất")), "proposed_by");
	assert_string_equal(vt_cite_relation_of_verb("thay thế", strlen("thay thế")), "replaces");
	assert_null(vt_cite_relation_of_verb("đẩy mạnh", strlen("đẩy mạnh")));
	assert_null(vt_cite_relation_of_verb("Thực hiện", 3));
	assert_null(vt_cite_relation_of_verb(NULL, 0));
}

static void test_issuer_with_commas(void **state)
{
	struct out o = run("Căn cứ Công văn số 1234/BVHTTDL-DL ngày 02/3/2026 của Bộ Văn hóa, "
	                   "Thể thao và Du lịch về việc tổ chức Năm Du lịch quốc gia;", NULL);
	const cJSON *r = ref(&o, "1234/BVHTTDL-DL");

	(void)state;
	assert_string_equal(field(r, "issuer"), "Bộ Văn hóa, Thể thao và Du lịch");
	assert_string_equal(field(r, "subject"), "tổ chức Năm Du lịch quốc gia");
	done(&o);
}

static void test_party_symbol_state_issuer(void **state)
{
	struct out o = run("Triển khai Nghị quyết 71-NQ/TW của Chính phủ và Chỉ thị số 15-CT/TW "
	                   "ngày 10/8/2022 của Ban Bí thư.", NULL);
	const cJSON *r = ref(&o, "71-NQ/TW");
	cJSON *rec = cJSON_CreateObject(), *w = cJSON_CreateArray();
	struct vt_doc doc = { "x", 1, "test", NULL };

	(void)state;
	assert_null(field(r, "issuer"));
	assert_string_equal(field(r, "issuer_stated"), "Chính phủ");
	assert_string_equal(field(ref(&o, "15-CT/TW"), "issuer"), "Ban Bí thư");
	cJSON_AddItemToObject(rec, "references", cJSON_Duplicate(o.refs, 1));
	assert_int_equal(vt_cite_check(w, rec, &doc), 1);
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(w, 0), "code")->valuestring,
	                    "issuer-mismatch");
	cJSON_Delete(rec);
	cJSON_Delete(w);
	done(&o);
}

static void test_list_shares_issuer(void **state)
{
	struct out o = run("Quán triệt các Nghị quyết số 57-NQ/TW, 59-NQ/TW và 68-NQ/TW của Bộ Chính trị.",
	                   NULL);

	(void)state;
	assert_string_equal(field(ref(&o, "57-NQ/TW"), "issuer"), "Bộ Chính trị");
	assert_string_equal(field(ref(&o, "59-NQ/TW"), "issuer"), "Bộ Chính trị");
	assert_string_equal(field(ref(&o, "68-NQ/TW"), "issuer"), "Bộ Chính trị");
	assert_string_equal(field(ref(&o, "59-NQ/TW"), "relation"), "implements");
	done(&o);
}

static void test_subject_stops(void **state)
{
	struct out o = run("Tiếp tục thực hiện Nghị quyết 59-NQ/TW của Bộ Chính trị về hội nhập quốc tế "
	                   "trong tình hình mới, đóng góp vào các mục tiêu của tỉnh.", NULL);

	(void)state;
	assert_string_equal(field(ref(&o, "59-NQ/TW"), "subject"), "hội nhập quốc tế trong tình hình mới");
	done(&o);
}

static void test_padding_dedupes(void **state)
{
	struct out o = run("Thực hiện Nghị quyết số 05-NQ/TU ngày 04/7/2017 của Tỉnh ủy; "
	                   "theo Nghị quyết số 5-NQ/TU nói trên.", NULL);

	(void)state;
	assert_int_equal(cJSON_GetArraySize(o.refs), 1);
	done(&o);
}

static void test_check_dates(void **state)
{
	struct out o = run("Thực hiện Kế hoạch số 39/KH-UBND ngày 06/8/2025 của UBND tỉnh và Thông báo "
	                   "số 179/TB-VPCP ngày 07/4/2026 của Văn phòng Chính phủ; Kế hoạch số "
	                   "39/KH-UBND ngày 08/6/2025 đã nêu.", NULL);
	cJSON *rec = cJSON_CreateObject(), *w = cJSON_CreateArray();
	struct vt_doc doc = { "x", 1, "test", NULL };
	const cJSON *it;
	int after = 0, conflict = 0;

	(void)state;
	cJSON_AddStringToObject(rec, "date", "2026-03");
	cJSON_AddItemToObject(rec, "references", cJSON_Duplicate(o.refs, 1));
	assert_int_equal(vt_cite_check(w, rec, &doc), 2);
	cJSON_ArrayForEach(it, w) {
		const char *c = cJSON_GetObjectItem(it, "code")->valuestring;

		after += !strcmp(c, "cited-after-citing");
		conflict += !strcmp(c, "citation-conflict");
		assert_non_null(cJSON_GetObjectItem(it, "span"));
	}
	assert_int_equal(after, 1);
	assert_int_equal(conflict, 1);
	/* partial dates compare by what they give: April 2026 is not after 2026 */
	cJSON_ReplaceItemInObject(rec, "date", cJSON_CreateString("2026"));
	cJSON_Delete(w);
	w = cJSON_CreateArray();
	assert_int_equal(vt_cite_check(w, rec, &doc), 1);
	cJSON_Delete(rec);
	cJSON_Delete(w);
	done(&o);
}

static void test_hostile(void **state)
{
	struct vt_doc doc = { "", 0, "test", NULL };
	size_t n = 200000, i;
	char *big = malloc(n + 1);
	cJSON *refs = cJSON_CreateArray();

	(void)state;
	assert_int_equal(vt_cite_extract(NULL, NULL, NULL, &doc, NULL), 0);
	assert_true(vt_cite_extract(NULL, NULL, NULL, NULL, NULL) < 0);
	assert_non_null(big);
	/* many symbols in a row, separated by "và" */
	for (i = 0; i + 16 < n; i += 16)
		memcpy(big + i, "và 1-NQ/TW về  ", 16);
	big[i] = '\0';
	doc.text = big;
	doc.len = i;
	assert_int_equal(vt_cite_extract(refs, NULL, NULL, &doc, NULL), 0);
	assert_int_equal(cJSON_GetArraySize(refs), 1);
	cJSON_Delete(refs);
	/* bytes of every value, no NUL inside the length */
	for (i = 0; i < n; i++) {
		big[i] = (char)(((i * 7919u) >> 3) & 0xff);
		if (!big[i])
			big[i] = 'x';
	}
	doc.len = n;
	big[n] = '\0';
	refs = cJSON_CreateArray();
	assert_int_equal(vt_cite_extract(refs, refs, refs, &doc, "1/../x"), 0);
	cJSON_Delete(refs);
	/* a huge number and a citation cut at the end of the buffer */
	memset(big, '9', 5000);
	memcpy(big + 5000, "-NQ/TW của Bộ", 14);
	doc.len = 5000 + 13;
	refs = cJSON_CreateArray();
	assert_int_equal(vt_cite_extract(refs, NULL, NULL, &doc, NULL), 0);
	assert_int_equal(cJSON_GetArraySize(refs), 0);
	cJSON_Delete(refs);
	memcpy(big, "Căn cứ Nghị quyết số 1-NQ/TW ngày", 35);
	doc.len = 30;
	refs = cJSON_CreateArray();
	assert_int_equal(vt_cite_extract(refs, NULL, NULL, &doc, NULL), 0);
	cJSON_Delete(refs);
	free(big);
}

/*
 * Hundreds of documents, each cited twice: one reference each, in the
 * order of first citation, the later date only as a conflict; a standard
 * named twice once.  Past the first table sizes of the duplicate checks.
 */
static void test_many_dedupe(void **state)
{
	size_t cap = 400 * 160, n = 0, i;
	char *text = malloc(cap), num[32];
	struct out o;
	const cJSON *r;

	(void)state;
	assert_non_null(text);
	for (i = 0; i < 2 * 300; i++)
		n += (size_t)snprintf(text + n, cap - n, "Thực hiện Kế hoạch số %zu/KH-UBND ngày "
		                      "%d/3/2025 về việc %s; ", i % 300 + 1, i < 300 ? 5 : 6,
		                      i % 2 ? "đầu tư" : "ngoại vụ");
	n += (size_t)snprintf(text + n, cap - n, "theo TCVN 5574:2018 và TCVN 5574:2018.");
	o = run(text, NULL);
	assert_int_equal(cJSON_GetArraySize(o.refs), 300);
	i = 0;
	cJSON_ArrayForEach(r, o.refs) {
		snprintf(num, sizeof(num), "%zu/KH-UBND", ++i);
		assert_string_equal(field(r, "number"), num);
		assert_string_equal(field(r, "date"), "2025-03-05");
		assert_non_null(cJSON_GetObjectItem(r, "date_conflict"));
	}
	assert_int_equal(cJSON_GetArraySize(o.stds), 1);
	done(&o);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_verb_forms),
		cmocka_unit_test(test_issuer_before_addressees),
		cmocka_unit_test(test_issuer_tied_by_tai),
		cmocka_unit_test(test_verb_governs_list),
		cmocka_unit_test(test_nested_relation),
		cmocka_unit_test(test_first_verb_wins),
		cmocka_unit_test(test_nested_then_governed),
		cmocka_unit_test(test_alias),
		cmocka_unit_test(test_van_ban_typing),
		cmocka_unit_test(test_laws_and_standards),
		cmocka_unit_test(test_amend_replace_repeal),
		cmocka_unit_test(test_verb_over_colon_list),
		cmocka_unit_test(test_vv_citation_before_date_line),
		cmocka_unit_test(test_dedupe_full_citation),
		cmocka_unit_test(test_self_not_a_reference),
		cmocka_unit_test(test_spans),
		cmocka_unit_test(test_relation_of_verb),
		cmocka_unit_test(test_issuer_with_commas),
		cmocka_unit_test(test_party_symbol_state_issuer),
		cmocka_unit_test(test_list_shares_issuer),
		cmocka_unit_test(test_subject_stops),
		cmocka_unit_test(test_padding_dedupes),
		cmocka_unit_test(test_check_dates),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_many_dedupe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
