#!/usr/bin/env python3
"""Synthetic dispatches (Công văn) in the style of real ones, for the
benchmark and the safety tests: `gen.py N DIR [SEED]` writes N files of
about 4.5 KB each.  The prose is generated from our own phrase lists; the
numbers, dates and agencies vary so that every document is a distinct
record with references and numbered tasks with deadlines."""
import os
import random
import sys

PROVINCES = ["Tây Ninh", "Đồng Nai", "Khánh Hòa", "Lâm Đồng", "Cần Thơ",
             "Quảng Ngãi", "Gia Lai", "Đắk Lắk", "An Giang", "Hà Tĩnh",
             "Nghệ An", "Thanh Hóa", "Lào Cai", "Tuyên Quang", "Phú Thọ"]
SYMBOLS = ["UBND-NC", "UBND-KT", "UBND-KGVX", "UBND-TH", "UBND-NCPC"]
AGENCIES = ["Sở Ngoại vụ", "Sở Tài chính", "Sở Nội vụ", "Sở Công Thương",
            "Sở Giáo dục và Đào tạo", "Sở Y tế", "Sở Xây dựng",
            "Sở Khoa học và Công nghệ", "Sở Nông nghiệp và Môi trường",
            "Sở Văn hóa, Thể thao và Du lịch", "Công an tỉnh",
            "Ban Quản lý các khu công nghiệp"]
CITED = [("Nghị quyết", "153/NQ-CP", "31/5/2025", "Chính phủ"),
         ("Nghị quyết", "21/NQ-CP", "20/02/2023", "Chính phủ"),
         ("Chỉ thị", "15-CT/TW", "10/8/2022", "Ban Bí thư"),
         ("Nghị quyết", "59-NQ/TW", "24/01/2025", "Bộ Chính trị"),
         ("Thông báo", "170/TB-VPCP", "18/4/2024", "Văn phòng Chính phủ")]
VERBS = ["khẩn trương tham mưu", "chủ trì, phối hợp với các đơn vị liên quan",
         "nghiên cứu, đề xuất", "rà soát, tổng hợp", "theo dõi, hướng dẫn",
         "xây dựng kế hoạch", "tổ chức triển khai"]
OBJECTS = ["các giải pháp thúc đẩy hợp tác quốc tế trong lĩnh vực được giao",
           "kết quả thực hiện các nhiệm vụ ngoại giao kinh tế",
           "danh mục dự án kêu gọi đầu tư nước ngoài của tỉnh",
           "chương trình xúc tiến thương mại, đầu tư năm tiếp theo",
           "việc cử cán bộ đi học tập, công tác ở nước ngoài",
           "cơ chế phối hợp giữa các sở, ngành và địa phương",
           "báo cáo sơ kết, đánh giá những kết quả đạt được và hạn chế"]


def document(i, rng):
    prov = rng.choice(PROVINCES)
    sym = rng.choice(SYMBOLS)
    year = rng.choice([2023, 2024, 2025])
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    number = 1000 + i
    out = ["ỦY BAN NHÂN DÂN", "TỈNH " + prov.upper(), "",
           "Số: %d/%s" % (number, sym),
           "V/v %s" % rng.choice(OBJECTS), "",
           "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "",
           "%s, ngày %02d tháng %d năm %d" % (prov, day, month, year), "",
           "Kính gửi:"]
    for a in rng.sample(AGENCIES, 4):
        out.append("- %s;" % a)
    out.append("- Ủy ban nhân dân các xã, phường.")
    out.append("")
    kind, num, date, issuer = rng.choice(CITED)
    out.append("Thực hiện %s số %s ngày %s của %s, Ủy ban nhân dân tỉnh yêu cầu "
               "các cơ quan, đơn vị thực hiện các nội dung sau:" % (kind, num, date, issuer))
    out.append("")
    size = 0
    k = 1
    while size < 3600:
        a = rng.choice(AGENCIES)
        text = "%d. Giao %s %s %s, %s; báo cáo kết quả về Ủy ban nhân dân tỉnh trước ngày %d/%d/%d." % (
            k, a, rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(OBJECTS),
            rng.randint(1, 28), rng.randint(1, 12), year + 1)
        out.append(text)
        out.append("")
        size += len(text.encode())
        k += 1
    out += ["Yêu cầu các cơ quan, đơn vị nghiêm túc thực hiện./.", "",
            "Nơi nhận:", "- Như trên;", "- TT Tỉnh ủy (b/c);", "- Lưu: VT, TH.", "",
            "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "Nguyễn Văn %s" % rng.choice(["An", "Bình", "Cường", "Dũng"]), ""]
    return "\n".join(out)


def main():
    n, folder = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    os.makedirs(folder, exist_ok=True)
    for i in range(n):
        sub = os.path.join(folder, "%03d" % (i // 1000))
        os.makedirs(sub, exist_ok=True)
        with open(os.path.join(sub, "doc%06d.txt" % i), "w", encoding="utf-8") as f:
            f.write(document(i, rng))


if __name__ == "__main__":
    main()
