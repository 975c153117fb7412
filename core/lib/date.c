/*
 * Dates as documents write them.  Two shapes: the header's words
 * "ngày 05 tháng 5 năm 2024" (day or month left blank in drafts that the
 * signature system will stamp, hence partial ISO results), and the body's
 * numbers "05/8/2025", Party style "4-7-2017", and "01.10.1997".
 */
#include <string.h>

#include "vanthu/date.h"

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m < 1 || m > 12)
		return 0;
	return m == 2 && is_leap(y) ? 29 : d[m - 1];
}

/* Blanks, tabs, no-break spaces and, when `nl`, new lines. */
static size_t skip_ws(const char *s, size_t len, size_t i, int nl)
{
	while (i < len) {
		if (s[i] == ' ' || s[i] == '\t' || (nl && (s[i] == '\n' || s[i] == '\r')))
			i++;
		else if (i + 1 < len && (unsigned char)s[i] == 0xC2 &&
		         (unsigned char)s[i + 1] == 0xA0)
			i += 2;
		else
			break;
	}
	return i;
}

/* Blanks and the placeholders drafts leave for a missing day: ". . .", "…". */
static size_t skip_filler(const char *s, size_t len, size_t i)
{
	for (;;) {
		size_t j = skip_ws(s, len, i, 1);

		if (j < len && s[j] == '.')
			j++;
		else if (j + 2 < len && (unsigned char)s[j] == 0xE2 &&
		         (unsigned char)s[j + 1] == 0x80 &&
		         (unsigned char)s[j + 2] == 0xA6)
			j += 3;
		else
			return j;
		i = j;
	}
}

static int is_word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c >= 0x80;
}

/*
 * Match one of the spellings of a keyword at s[i] (case of the first
 * letter free, accents optional) ending at a word boundary.  Returns the
 * bytes matched or 0.
 */
static size_t keyword(const char *s, size_t len, size_t i,
                      const char *const *forms)
{
	for (; *forms; forms++) {
		size_t n = strlen(*forms);

		if (i + n > len)
			continue;
		if (strncmp(s + i + 1, *forms + 1, n - 1) != 0)
			continue;
		if (s[i] != (*forms)[0] && s[i] != (*forms)[0] - 32)
			continue;
		if (i + n < len && is_word_byte((unsigned char)s[i + n]))
			continue;
		return n;
	}
	return 0;
}

static const char *const w_ngay[] = { "ngày", "ngay", NULL };
static const char *const w_thang[] = { "tháng", "thang", NULL };
static const char *const w_nam[] = { "năm", "nam", NULL };

/* Up to `max` digits at s[*i]; -1 when there are none or more. */
static int read_int(const char *s, size_t len, size_t *i, int max)
{
	size_t j = *i;
	int v = 0;

	while (j < len && is_digit(s[j])) {
		if ((int)(j - *i) >= max)
			return -1;
		v = v * 10 + (s[j] - '0');
		j++;
	}
	if (j == *i)
		return -1;
	*i = j;
	return v;
}

static void put2(char *p, int v)
{
	p[0] = (char)('0' + v / 10 % 10);
	p[1] = (char)('0' + v % 10);
}

/* y is 1000..9999 here, so four digits fill exactly four bytes. */
static int format_iso(char iso[11], int y, int m, int d)
{
	if (y < 1000 || y > 9999)
		return 0;
	put2(iso, y / 100);
	put2(iso + 2, y % 100);
	iso[4] = '\0';
	if (m < 0)
		return 1;
	if (m < 1 || m > 12)
		return 0;
	iso[4] = '-';
	put2(iso + 5, m);
	iso[7] = '\0';
	if (d < 0)
		return 1;
	if (d < 1 || d > days_in(y, m)) {
		iso[0] = '\0';
		return 0;
	}
	iso[7] = '-';
	put2(iso + 8, d);
	iso[10] = '\0';
	return 1;
}

/* "ngày [d] tháng [m][,] năm yyyy" with s[i] at "ngày". */
static size_t parse_words(char iso[11], const char *s, size_t len, size_t i)
{
	size_t n, j;
	int d = -1, m = -1, y;

	if (!(n = keyword(s, len, i, w_ngay)))
		return 0;
	j = skip_filler(s, len, i + n);
	if (j < len && is_digit(s[j])) {
		size_t k = j;

		d = read_int(s, len, &k, 2);
		if (d < 0)
			return 0;
		/* "ngày 05/8/2025": the numeric shape after the word */
		if (k < len && (s[k] == '/' || s[k] == '-' || s[k] == '.'))
			return 0;
		j = skip_filler(s, len, k);
	}
	if (!(n = keyword(s, len, j, w_thang)))
		return 0;
	j = skip_filler(s, len, j + n);
	if (j < len && is_digit(s[j])) {
		m = read_int(s, len, &j, 2);
		if (m < 0)
			return 0;
		j = skip_filler(s, len, j);
	}
	if (j < len && s[j] == ',')
		j = skip_ws(s, len, j + 1, 1);
	if (!(n = keyword(s, len, j, w_nam)))
		return 0;
	j = skip_ws(s, len, j + n, 1);
	if (j >= len || !is_digit(s[j]))
		return 0;
	y = read_int(s, len, &j, 4);
	if (y < 0 || (j < len && is_digit(s[j])))
		return 0;
	if (m < 0 && d >= 0)
		return 0;   /* a day without a month is no date */
	if (!format_iso(iso, y, m, d))
		return 0;
	return j;
}

/* "dd/mm/yyyy", "d-m-yyyy", "dd.mm.yyyy" with s[i] at the day. */
static size_t parse_numeric(char iso[11], const char *s, size_t len, size_t i)
{
	size_t j = i, k;
	int d, m, y;
	char sep;

	d = read_int(s, len, &j, 2);
	if (d < 0 || j >= len)
		return 0;
	sep = s[j];
	if (sep != '/' && sep != '-' && sep != '.')
		return 0;
	j++;
	m = read_int(s, len, &j, 2);
	if (m < 0 || j >= len || s[j] != sep)
		return 0;
	j++;
	k = j;
	y = read_int(s, len, &j, 4);
	if (y < 0 || j - k != 4 || (j < len && is_digit(s[j])))
		return 0;
	/* "01.10.1997." ends a sentence; "1.2.2024.5" is a numbering, not a date */
	if (sep == '.' && j + 1 < len && s[j] == '.' && is_digit(s[j + 1]))
		return 0;
	if (!format_iso(iso, y, m, d))
		return 0;
	return j;
}

size_t vt_date_parse(char iso[11], const char *s, size_t len)
{
	size_t i, n, j, r;

	if (!iso || !s)
		return 0;
	iso[0] = '\0';
	i = skip_ws(s, len, 0, 0);
	if (i >= len)
		return 0;
	if (is_digit(s[i])) {
		if ((r = parse_numeric(iso, s, len, i)) != 0)
			return r;
		iso[0] = '\0';
		return 0;
	}
	if ((r = parse_words(iso, s, len, i)) != 0)
		return r;
	/* "ngày 05/8/2025" */
	if ((n = keyword(s, len, i, w_ngay)) != 0) {
		j = skip_ws(s, len, i + n, 1);
		if (j < len && is_digit(s[j]) && (r = parse_numeric(iso, s, len, j)))
			return r;
	}
	iso[0] = '\0';
	return 0;
}

int vt_date_find(char iso[11], size_t *start, size_t *end, const char *s,
                 size_t len, size_t from)
{
	size_t i, r;

	if (!iso || !s)
		return 0;
	for (i = from; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		unsigned char p = i > 0 ? (unsigned char)s[i - 1] : ' ';

		if (is_digit((char)c)) {
			if (is_digit((char)p) || p == '/' || p == '-' || p == '.' ||
			    (p >= 'A' && p <= 'Z') || (p >= 'a' && p <= 'z')) {
				while (i + 1 < len && is_digit(s[i + 1]))
					i++;
				continue;
			}
		} else if (!((c == 'n' || c == 'N') && !is_word_byte(p))) {
			continue;
		}
		r = vt_date_parse(iso, s + i, len - i);
		if (r) {
			if (start)
				*start = i;
			if (end)
				*end = i + r;
			return 1;
		}
		if (is_digit((char)c))
			while (i + 1 < len && is_digit(s[i + 1]))
				i++;
	}
	iso[0] = '\0';
	return 0;
}

static int digits_at(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return 0;
	return 1;
}

static int num(const char *s, size_t n)
{
	int v = 0;
	size_t i;

	for (i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

int vt_date_valid(const char *iso)
{
	size_t n;
	int y, m, d;

	if (!iso)
		return 0;
	n = strlen(iso);
	if (n == 7 && !strncmp(iso, "--", 2) && digits_at(iso + 2, 2) &&
	    iso[4] == '-' && digits_at(iso + 5, 2)) {
		m = num(iso + 2, 2);
		d = num(iso + 5, 2);
		return m >= 1 && m <= 12 && d >= 1 && d <= days_in(2000, m);
	}
	if (n < 4 || !digits_at(iso, 4))
		return 0;
	y = num(iso, 4);
	if (y < 1000)
		return 0;
	if (n == 4)
		return 1;
	if (iso[4] != '-')
		return 0;
	if (n == 7 && iso[5] == 'Q')
		return iso[6] >= '1' && iso[6] <= '4';
	if ((n != 7 && n != 10) || !digits_at(iso + 5, 2))
		return 0;
	m = num(iso + 5, 2);
	if (m < 1 || m > 12)
		return 0;
	if (n == 7)
		return 1;
	if (iso[7] != '-' || !digits_at(iso + 8, 2))
		return 0;
	d = num(iso + 8, 2);
	return d >= 1 && d <= days_in(y, m);
}
