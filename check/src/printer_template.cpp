#include "podcover/check/printer_template.hpp"

#include "podcover/check/text_runs.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <regex>
#include <string_view>

#include "podcover/errors.hpp"
#include "podcover/names.hpp"
#include "podcover/printer_file.hpp"

namespace podcover::check {
namespace {

using namespace podcover::literals;

// ---------------------------------------------------------------------------------------
// Text: what Poppler's TextOutputDev gives, made comparable.

// Typographic quotes and primes for inches, the multiplication sign, no-break spaces, and
// umlauts that arrive decomposed (a letter and a combining diaeresis), as plain characters.
std::string normalise(std::string_view text) {
    static const std::pair<std::string_view, std::string_view> replacements[] = {
        {"\u2033", "\""}, {"\u201D", "\""}, {"\u201C", "\""}, {"''", "\""},     {"\u00D7", "x"},
        {"\u00A0", " "},  {"\u202F", " "},  {"\u2009", " "},  {"a\u0308", "ä"}, {"o\u0308", "ö"},
        {"u\u0308", "ü"}, {"A\u0308", "Ä"}, {"O\u0308", "Ö"}, {"U\u0308", "Ü"}, {"\t", " "},
    };
    std::string result;
    result.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        bool replaced = false;
        for (const auto& [from, to] : replacements) {
            if (text.substr(i, from.size()) == from) {
                result += to;
                i += from.size();
                replaced = true;
                break;
            }
        }
        if (replaced)
            continue;
        const char c = text[i++];
        if (c == ' ' && (result.empty() || result.back() == ' '))
            continue;
        result += c;
    }
    while (!result.empty() && result.back() == ' ')
        result.pop_back();
    return result;
}

// Lower case for ASCII and the German capitals; byte lengths stay the same, so offsets found
// in the lowered text hold in the original.
std::string lowered(std::string_view text) {
    std::string result(text);
    for (std::size_t i = 0; i < result.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(result[i]);
        if (c >= 'A' && c <= 'Z') {
            result[i] = static_cast<char>(c - 'A' + 'a');
        } else if (c == 0xC3 && i + 1 < result.size()) {
            const unsigned char next = static_cast<unsigned char>(result[i + 1]);
            if (next == 0x84 || next == 0x96 || next == 0x9C)  // Ä Ö Ü
                result[i + 1] = static_cast<char>(next + 0x20);
        }
    }
    return result;
}

bool contains(std::string_view text, std::string_view part) {
    return text.find(part) != std::string_view::npos;
}

bool is_word_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || (static_cast<unsigned char>(c) >= 0x80);
}

// `word` in `text` with no letter or digit either side.
bool contains_word(std::string_view text, std::string_view word) {
    for (std::size_t at = text.find(word); at != std::string_view::npos;
         at = text.find(word, at + 1)) {
        const bool starts = at == 0 || !is_word_char(text[at - 1]);
        const std::size_t end = at + word.size();
        const bool ends = end == text.size() || !is_word_char(text[end]);
        if (starts && ends)
            return true;
    }
    return false;
}

// Without the spaces, colons, dashes and "·" separators around it.
std::string trimmed(std::string_view text) {
    constexpr std::string_view dot = "·";
    auto separator_at_front = [&] {
        return text.starts_with(dot) ? dot.size()
               : !text.empty() &&
                       (text.front() == ' ' || text.front() == ':' || text.front() == '-')
                   ? 1
                   : 0;
    };
    auto separator_at_back = [&] {
        return text.ends_with(dot) ? dot.size()
               : !text.empty() && (text.back() == ' ' || text.back() == ':' || text.back() == '-')
                   ? 1
                   : 0;
    };
    while (const std::size_t n = separator_at_front())
        text.remove_prefix(n);
    while (const std::size_t n = separator_at_back())
        text.remove_suffix(n);
    return std::string(text);
}

// ---------------------------------------------------------------------------------------
// Lines of text as the checker joins them (text_runs.hpp), normalised for reading.

struct Line {
    std::string text;   // normalised
    std::string lower;  // normalised, lowered
    Rect box;
    int rotation = 0;
};

// A template's lines are short; a longer one is no label, and its numbers are not read (the
// patterns below backtrack, so their time grows with a line's length: a page of digits must
// not hold the check up).
constexpr std::size_t longest_label_bytes = 200;

std::vector<Line> group_lines(const std::vector<Word>& words) {
    std::vector<Line> lines;
    for (const TextRun& run : join_words(words)) {
        if (run.text.size() > longest_label_bytes)
            continue;
        const std::string text = normalise(run.text);
        lines.push_back(Line{text, lowered(text), run.box, run.rotation});
    }
    return lines;
}

// ---------------------------------------------------------------------------------------
// Numbers as templates print them: "0.108"", "0,108"" (a German decimal comma), "5.5x8.5",
// "16.358" x 10.250"", "305 x 381mm", "(139.70 x 215.90 mm)".

const std::string number_pattern = R"((\d+(?:[.,]\d+)?))";
const std::string unit_pattern = R"(\s*("|inches\b|inch\b|in\b|mm\b|cm\b)?)";

struct Found {
    PrintedLength length;
    bool unit_given = false;
    Unit unit = Unit::in;
};

// A half unit in the last place of a number printed with `places` decimals.
Length half_last_place(int places, Unit unit) {
    return Length::from_decimal("0." + std::string(static_cast<std::size_t>(places), '0') + "5",
                                unit);
}

std::optional<Found> printed_length(const std::string& number, const std::string& unit_text,
                                    Unit default_unit, std::string printed) {
    std::string digits = number;
    std::replace(digits.begin(), digits.end(), ',', '.');
    const auto point = digits.find('.');
    const int places = point == std::string::npos ? 0 : static_cast<int>(digits.size() - point - 1);
    Found found;
    found.unit_given = !unit_text.empty();
    found.unit = found.unit_given ? (unit_text == "mm" || unit_text == "cm" ? Unit::mm : Unit::in)
                                  : default_unit;
    try {
        Length value = Length::from_decimal(digits, found.unit);
        Length rounding = half_last_place(places, found.unit);
        if (unit_text == "cm") {
            value = value * 10;
            rounding = rounding * 10;
        }
        found.length = PrintedLength{value, std::move(printed), rounding};
    } catch (const ValueError&) {
        return std::nullopt;
    }
    return found;
}

struct FoundSize {
    PrintedSize size;
    Unit unit = Unit::in;
    bool unit_given = false;
    std::size_t position = 0;
};

// Every "A x B" in the line. A side without a unit takes the other side's; neither: inches.
std::vector<FoundSize> sizes_in(const Line& line) {
    static const std::regex size_regex(number_pattern + unit_pattern + R"(\s*x\s*)" +
                                       number_pattern + unit_pattern);
    std::vector<FoundSize> sizes;
    for (auto it = std::sregex_iterator(line.lower.begin(), line.lower.end(), size_regex);
         it != std::sregex_iterator(); ++it) {
        const std::smatch& m = *it;
        const std::string unit_a = m[2].str(), unit_b = m[4].str();
        const std::string shared = !unit_b.empty() ? unit_b : unit_a;
        const std::string a_unit = unit_a.empty() ? shared : unit_a;
        const std::string b_unit = unit_b.empty() ? shared : unit_b;
        auto text_of = [&](int group_number, int unit_group) {
            const auto from = static_cast<std::size_t>(m.position(group_number));
            const auto to =
                m[unit_group].matched
                    ? static_cast<std::size_t>(m.position(unit_group) + m.length(unit_group))
                    : from + static_cast<std::size_t>(m.length(group_number));
            return line.text.substr(from, to - from);
        };
        const auto width = printed_length(m[1].str(), a_unit, Unit::in, text_of(1, 2));
        const auto height = printed_length(m[3].str(), b_unit, Unit::in, text_of(3, 4));
        if (!width || !height)
            continue;
        sizes.push_back(FoundSize{PrintedSize{width->length, height->length}, width->unit,
                                  !shared.empty(), static_cast<std::size_t>(m.position(0))});
    }
    return sizes;
}

// The size a label gives: in inches when the line has them (the millimetres beside them are
// rounded, and IngramSpark prints them height first: "15" x 12" · 305 x 381mm").
std::optional<PrintedSize> size_in(const Line& line, std::size_t from = 0) {
    std::optional<PrintedSize> fallback;
    for (const auto& found : sizes_in(line)) {
        if (found.position < from)
            continue;
        if (found.unit == Unit::in)
            return found.size;
        if (!fallback)
            fallback = found.size;
    }
    return fallback;
}

std::optional<PrintedLength> length_in(const Line& line, std::size_t from = 0) {
    static const std::regex length_regex(number_pattern + unit_pattern);
    std::optional<PrintedLength> fallback;
    const std::string tail = line.lower.substr(std::min(from, line.lower.size()));
    for (auto it = std::sregex_iterator(tail.begin(), tail.end(), length_regex);
         it != std::sregex_iterator(); ++it) {
        const std::smatch& m = *it;
        const auto start = from + static_cast<std::size_t>(m.position(0));
        const auto found =
            printed_length(m[1].str(), m[2].str(), Unit::in,
                           line.text.substr(start, static_cast<std::size_t>(m.length(0))));
        if (!found)
            continue;
        if (found->unit == Unit::in)
            return found->length;
        if (!fallback)
            fallback = found->length;
    }
    return fallback;
}

// A whole count, allowing a thousands separator: "238", "1,050".
std::optional<int> count_in(std::string_view text) {
    int value = 0;
    int digits = 0;
    for (char c : text) {
        if (std::isdigit(static_cast<unsigned char>(c))) {
            value = value * 10 + (c - '0');
            if (++digits > 6)
                return std::nullopt;
        } else if ((c == ',' || c == '.' || c == ' ') && digits > 0) {
            continue;
        } else if (digits > 0) {
            break;
        }
    }
    if (digits == 0)
        return std::nullopt;
    return value;
}

// The text after `label` on the line, up to the next "·" separator.
std::string value_after(const Line& line, std::string_view label) {
    const auto at = line.lower.find(label);
    if (at == std::string::npos)
        return {};
    std::string rest = line.text.substr(at + label.size());
    if (const auto dot = rest.find("·"); dot != std::string::npos)
        rest = rest.substr(0, dot);
    return trimmed(rest);
}

// ---------------------------------------------------------------------------------------
// Template phrases. Strong phrases are labels wherever they stand; weak ones could be prose
// ("the spine width of a paperback") and count only on a line with a number, a colon or an
// equals sign, as every template label has.

struct Phrase {
    std::string_view lower;
    std::string_view label;
    bool strong;
};

constexpr Phrase template_phrases[] = {
    {"remove this template layer", "REMOVE THIS TEMPLATE LAYER FROM FINAL ARTWORK", true},
    {"cover template - left to right", "Cover Template - Left to Right", true},
    {"perfect bound cover template", "Perfect Bound Cover Template", true},
    {"case laminate cover template", "Case Laminate Cover Template", true},
    {"dust jacket cover template", "Dust Jacket Cover Template", true},
    {"bleed artwork dimensions", "Bleed Artwork Dimensions", true},
    {"black solid line = trim size", "Black Solid Line = Trim Size", true},
    {"blue dashed line = spine fold", "Blue Dashed Line = Spine Fold", true},
    {"white area = live area", "White Area = Live Area", true},
    {"red area = out of live", "Red Area = Out of Live/Bleed", true},
    {"overall dimensions", "Overall Dimensions", false},
    {"gesamtabmessungen", "Gesamtabmessungen", false},
    {"spine width", "Spine Width", false},
    {"buchrückenbreite", "Buchrückenbreite", false},
    {"document size", "Document Size", false},
    {"barcode location", "Barcode Location", false},
    {"cover template", "Cover Template", false},
    {"trim size", "Trim Size", false},
    {"live area", "Live Area", false},
    {"safe area", "Safe Area", false},
    {"bleed area", "Bleed Area", false},
    {"spine fold", "Spine Fold", false},
    {"page count", "Page Count", false},
    {"paper type", "Paper Type", false},
    {"content type", "Content Type", false},
    {"request id", "Request ID", false},
    {"file type", "File Type", false},
};

// Template labels are short: a few words, and numbers ("Barcode Location & Size 2.000" x
// 1.200"" has three words of two letters or more); prose runs longer.
constexpr int label_max_words = 6;

bool reads_like_label(const Line& line) {
    int words = 0;
    int letters = 0;
    for (char c : line.lower + " ") {
        if (std::isalpha(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80) {
            ++letters;
        } else if (c == ' ') {
            words += letters >= 2 ? 1 : 0;
            letters = 0;
        }
    }
    const bool marked =
        std::any_of(line.lower.begin(), line.lower.end(),
                    [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) ||
        contains(line.lower, ":") || contains(line.lower, "=");
    return marked && words <= label_max_words;
}

std::optional<TemplateLabel> label_of(const Line& line) {
    for (const auto& phrase : template_phrases) {
        if (contains(line.lower, phrase.lower) && (phrase.strong || reads_like_label(line)))
            return TemplateLabel{std::string(phrase.label), line.text, line.box};
    }
    return std::nullopt;
}

// Phrases only one printer's template prints; a page is taken for a template when it has at
// least two of one printer's (one could be a coincidence, or a label left on a cover).
constexpr std::string_view kdp_phrases[] = {
    "cover template - left to right",
    "overall dimensions",
    "gesamtabmessungen",
    "spine width",
    "buchrückenbreite",
    "remove this template layer",
    "black solid line = trim size",
    "blue dashed line = spine fold",
    "white area = live area",
    "red area = out of live",
    "barcode location",
};
constexpr std::string_view ingramspark_phrases[] = {
    "perfect bound cover template",
    "case laminate cover template",
    "dust jacket cover template",
    "document size",
    "bleed artwork dimensions",
    "content type:",
    "paper type:",
    "page count:",
    "request id:",
    "file type:",
    "trim size:",
};

// How many of the phrases stand on label lines: prose that happens to say "the overall
// dimensions" or "document size" does not count.
template <std::size_t n>
int score(const std::vector<Line>& lines, const std::string_view (&phrases)[n]) {
    int found = 0;
    for (const auto phrase : phrases) {
        if (std::any_of(lines.begin(), lines.end(), [&](const Line& line) {
                return contains(line.lower, phrase) && label_of(line);
            }))
            ++found;
    }
    return found;
}

// ---------------------------------------------------------------------------------------
// Papers: from what the template prints to the printer's paper ids (templates/*.toml).

enum class Content { unknown, black_and_white, standard_color, premium_color };

std::optional<Content> content_of(std::string_view lower) {
    for (auto phrase : {"black & white", "black and white", "b&w", "schwarz-weiß", "schwarzweiß",
                        "schwarz-weiss"}) {
        if (contains(lower, phrase))
            return Content::black_and_white;
    }
    for (auto phrase : {"standard color", "standard colour", "standardfarbe"}) {
        if (contains(lower, phrase))
            return Content::standard_color;
    }
    for (auto phrase : {"premium color", "premium colour", "premiumfarbe"}) {
        if (contains(lower, phrase))
            return Content::premium_color;
    }
    return std::nullopt;
}

// The phrase as printed in `text` for the content type found in `lower`.
std::string content_phrase(const Line& line) {
    for (auto phrase : {"black & white", "black and white", "b&w", "schwarz-weiß", "schwarzweiß",
                        "schwarz-weiss", "standard color", "standard colour", "standardfarbe",
                        "premium color", "premium colour", "premiumfarbe"}) {
        if (const auto at = line.lower.find(phrase); at != std::string::npos)
            return line.text.substr(at, std::string_view(phrase).size());
    }
    return {};
}

std::vector<std::string> paper_candidates(const std::string& printer_id, std::string_view paper,
                                          Content content) {
    const std::string lower = lowered(paper);
    const bool white =
        contains(lower, "white") || contains(lower, "weiß") || contains(lower, "weiss");
    const bool cream =
        contains(lower, "cream") || contains(lower, "creme") || contains(lower, "crème");
    const bool groundwood = contains(lower, "groundwood");
    const bool weight_70 = contains(lower, "70");
    const bool weight_50 = contains(lower, "50");
    if (printer_id == "kdp") {
        switch (content) {
            case Content::premium_color:
                return {"premium-color"};
            case Content::standard_color:
                return {"standard-color"};
            case Content::black_and_white:
                if (cream)
                    return {"cream"};
                if (groundwood)
                    return {"groundwood"};
                if (white)
                    return {"white"};
                return {"white", "cream", "groundwood"};
            case Content::unknown:
                if (cream)
                    return {"cream"};
                if (groundwood)
                    return {"groundwood"};
                if (white)
                    return {"white", "standard-color", "premium-color"};
                return {};
        }
        return {};
    }
    // IngramSpark prints its papers' colour and, sometimes, weight.
    auto by_weight = [&](std::string fifty, std::string seventy) -> std::vector<std::string> {
        if (weight_70)
            return {seventy};
        if (weight_50)
            return {fifty};
        return {fifty, seventy};
    };
    switch (content) {
        case Content::premium_color:
            return {"premium-color"};
        case Content::standard_color:
            return by_weight("standard-color", "standard-color-70");
        case Content::black_and_white:
            if (cream)
                return {"cream"};
            if (groundwood)
                return {"groundwood"};
            if (white)
                return by_weight("white", "white-70");
            return {};
        case Content::unknown:
            if (cream)
                return {"cream"};
            if (groundwood)
                return {"groundwood"};
            if (white) {
                auto ids = by_weight("white", "white-70");
                for (auto id : {"standard-color", "standard-color-70", "premium-color"})
                    ids.push_back(id);
                return ids;
            }
            return {};
    }
    return {};
}

// ---------------------------------------------------------------------------------------
// IngramSpark's trim and fold marks: short strokes in the white margin around the artwork.

struct Stroke {
    double position;  // inches across the stroke
    double from;      // inches along it
    double to;
};

// Marks are stroked hairlines (their box at most 0.01 in across) a fraction of an inch long, all
// drawn alike: the marks in one margin share their extent. Lines of the info block, dashes of
// the safe and bleed lines and the strokes of the artwork are not marks: they differ in length
// or lie inside the span of the marks that run the other way.
constexpr double hairline_in = 0.01;
constexpr double min_mark_in = 0.05;
constexpr double max_mark_in = 1.0;
constexpr double same_mark_in = 0.005;
constexpr double same_extent_in = 0.01;

std::vector<double> clustered(std::vector<double> all) {
    std::sort(all.begin(), all.end());
    std::vector<double> result;
    std::size_t begin = 0;
    while (begin < all.size()) {
        std::size_t end = begin + 1;
        double sum = all[begin];
        while (end < all.size() && all[end] - all[begin] <= same_mark_in)
            sum += all[end++];
        result.push_back(sum / static_cast<double>(end - begin));
        begin = end;
    }
    return result;
}

// The positions of the strokes drawn alike: of the groups of strokes sharing an extent (to
// 0.01 in), those with `expected` positions when there are such, else the group with the most.
std::vector<double> mark_positions(const std::vector<Stroke>& strokes, std::size_t expected) {
    std::map<std::pair<long long, long long>, std::vector<double>> groups;
    for (const auto& stroke : strokes) {
        groups[{std::llround(stroke.from / same_extent_in),
                std::llround(stroke.to / same_extent_in)}]
            .push_back(stroke.position);
    }
    std::vector<double> chosen;
    std::vector<double> largest;
    for (const auto& [extent, group] : groups) {
        std::vector<double> positions = clustered(group);
        if (positions.size() == expected)
            chosen.insert(chosen.end(), group.begin(), group.end());
        if (positions.size() > largest.size())
            largest = std::move(positions);
    }
    return chosen.empty() ? largest : clustered(chosen);
}

std::vector<Stroke> outside(const std::vector<Stroke>& strokes, const std::vector<double>& span) {
    std::vector<Stroke> kept;
    for (const auto& s : strokes) {
        if (span.empty() || s.to <= span.front() + hairline_in ||
            s.from >= span.back() - hairline_in)
            kept.push_back(s);
    }
    return kept;
}

struct FoundMarks {
    TemplateMarks marks;
    bool in_margin = true;  // the marks across lie outside the span of those down
};

FoundMarks find_marks(const std::vector<Shape>& shapes, std::size_t expected_across,
                      std::size_t expected_down) {
    std::vector<Stroke> vertical, horizontal;
    for (const auto& shape : shapes) {
        if (shape.filled)
            continue;
        const double w = shape.box.width.in(), h = shape.box.height.in();
        if (w <= hairline_in && h >= min_mark_in && h <= max_mark_in)
            vertical.push_back(Stroke{shape.box.left().in() + w / 2, shape.box.top().in(),
                                      shape.box.bottom().in()});
        else if (h <= hairline_in && w >= min_mark_in && w <= max_mark_in)
            horizontal.push_back(Stroke{shape.box.top().in() + h / 2, shape.box.left().in(),
                                        shape.box.right().in()});
    }
    const std::vector<double> across = mark_positions(vertical, expected_across);
    const std::vector<double> down = mark_positions(outside(horizontal, across), expected_down);
    FoundMarks found;
    for (const auto& stroke : vertical) {
        const bool chosen = std::any_of(across.begin(), across.end(), [&](double x) {
            return std::abs(x - stroke.position) <= same_mark_in;
        });
        if (chosen && !down.empty() && stroke.to > down.front() + hairline_in &&
            stroke.from < down.back() - hairline_in)
            found.in_margin = false;
    }
    // Marks are placed to a thousandth of an inch or better: kept in whole 1/10000 in, the
    // artwork area is an exact Length.
    auto to_length = [](double in) {
        return Length::from_units(static_cast<Length::rep>(std::llround(in * 10000)) *
                                  (Length::units_per_in / 10000));
    };
    for (double x : across)
        found.marks.x.push_back(to_length(x));
    for (double y : down)
        found.marks.y.push_back(to_length(y));
    return found;
}

// The gaps between marks read the same from either end: back and front mirror each other.
bool mirrored(const std::vector<Length>& marks) {
    constexpr Length tolerance = 0.01_in;
    for (std::size_t i = 0; i + 1 < marks.size(); ++i) {
        const Length gap = marks[i + 1] - marks[i];
        const Length mirror = marks[marks.size() - 1 - i] - marks[marks.size() - 2 - i];
        if (abs(gap - mirror) > tolerance)
            return false;
    }
    return true;
}

// How many marks each binding's template draws across and down (PRINTERS.md §7): trim and
// spine folds; case laminate adds the board edges inside the wrap, the jacket its flap folds.
struct MarkCounts {
    Binding binding;
    std::size_t across;
    std::size_t down;
};
constexpr MarkCounts mark_counts[] = {
    {Binding::paperback, 4, 2}, {Binding::case_laminate, 8, 4}, {Binding::dust_jacket, 8, 2}};

std::string describe_marks(const TemplateMarks& marks) {
    return std::to_string(marks.x.size()) + " across and " + std::to_string(marks.y.size()) +
           " down";
}

const PrinterSpec* printer_of(const std::vector<const PrinterSpec*>& printers,
                              const std::string& id) {
    for (const PrinterSpec* printer : printers) {
        if (printer->id == id)
            return printer;
    }
    return nullptr;
}

std::vector<const PrinterSpec*> printers_in(const PrinterCatalog& catalog) {
    std::vector<const PrinterSpec*> printers;
    for (const auto& id : catalog.ids())
        printers.push_back(catalog.find(id));
    return printers;
}

// Reads the artwork area from the marks. Measured on IngramSpark's three templates (§7): on
// paperback and dust jacket the outermost marks are the trim, and the artwork is the trim and
// its bleed; on case laminate the outermost marks are the edges of the wrap itself.
void read_artwork_area(TemplateFacts& facts, const std::vector<Shape>& shapes,
                       const std::vector<const PrinterSpec*>& printers) {
    const MarkCounts* expected = nullptr;
    for (const auto& counts : mark_counts) {
        if (facts.binding && counts.binding == *facts.binding)
            expected = &counts;
    }
    const FoundMarks found =
        find_marks(shapes, expected ? expected->across : 0, expected ? expected->down : 0);
    const TemplateMarks& marks = found.marks;
    if (marks.x.empty() && marks.y.empty()) {
        facts.notes.push_back("no trim or fold marks found: the artwork area is not known");
        return;
    }
    std::optional<Binding> binding = facts.binding;
    if (!binding) {
        for (const auto& counts : mark_counts) {
            if (marks.x.size() == counts.across && marks.y.size() == counts.down) {
                binding = counts.binding;
                expected = &counts;
            }
        }
    }
    if (!expected || marks.x.size() != expected->across || marks.y.size() != expected->down ||
        !found.in_margin) {
        facts.notes.push_back("the trim and fold marks (" + describe_marks(marks) +
                              ") are not a template's" +
                              (binding ? " for " + std::string(binding_label(*binding)) : "") +
                              ": the artwork area is not known");
        return;
    }
    if (!mirrored(marks.x) || !mirrored(marks.y)) {
        facts.notes.push_back(
            "the trim and fold marks are not symmetric about the spine: the artwork area is not "
            "known");
        return;
    }
    if (*binding == Binding::paperback && facts.trim) {
        constexpr Length tolerance = 0.01_in;
        const Length panel = marks.x[1] - marks.x[0];
        const Length height = marks.y[1] - marks.y[0];
        if (abs(panel - facts.trim->width.value) > tolerance ||
            abs(height - facts.trim->height.value) > tolerance) {
            facts.notes.push_back("the trim marks are " + panel.format(Unit::in, 4) + " x " +
                                  height.format(Unit::in, 4) + " in apart, not the trim " +
                                  facts.trim->width.text + " x " + facts.trim->height.text +
                                  ": the artwork area is not known");
            return;
        }
    }
    facts.marks = marks;
    if (!facts.binding)
        facts.binding = binding;
    const Rect outermost =
        Rect::from_edges(marks.x.front(), marks.y.front(), marks.x.back(), marks.y.back());
    if (*binding == Binding::case_laminate) {
        facts.artwork_area = outermost;
        return;
    }
    const PrinterSpec* printer = printer_of(printers, facts.printer_id);
    const BindingSpec* spec = printer ? printer->find_binding(*binding) : nullptr;
    if (!spec) {
        facts.notes.push_back("podcover has no " + facts.printer_id + " " +
                              std::string(binding_label(*binding)) +
                              " bleed: the artwork area is not known");
        return;
    }
    facts.artwork_area = outermost.inset(-spec->bleed.value);
}

// IngramSpark prints the spine width alone under the spine ("0.541"): the bare number between
// the spine folds, or else between the panels' size labels.
void read_spine_label(TemplateFacts& facts, const std::vector<Line>& lines) {
    static const std::regex bare(R"(^(\d+(?:[.,]\d+)?)\s*("|in\b)?$)");
    std::optional<double> low, high;
    if (facts.marks && facts.marks->x.size() >= 4) {
        const auto& x = facts.marks->x;
        low = x[x.size() / 2 - 1].in() - 0.25;
        high = x[x.size() / 2].in() + 0.25;
    } else if (facts.trim) {
        std::vector<double> panel_centres;
        for (const auto& line : lines) {
            const auto sizes = sizes_in(line);
            if (sizes.size() >= 1 && sizes.front().position == 0 &&
                sizes.front().size.size().near(facts.trim->size(), 0.01_in))
                panel_centres.push_back((line.box.left() + line.box.width / 2).in());
        }
        if (panel_centres.size() == 2) {
            low = std::min(panel_centres[0], panel_centres[1]);
            high = std::max(panel_centres[0], panel_centres[1]);
        }
    }
    if (!low)
        return;
    const double middle = (*low + *high) / 2;
    std::optional<PrintedLength> best;
    double best_distance = 0;
    for (const auto& line : lines) {
        std::smatch m;
        if (!std::regex_match(line.lower, m, bare))
            continue;
        const double centre = (line.box.left() + line.box.width / 2).in();
        if (centre < *low || centre > *high)
            continue;
        const auto found = printed_length(m[1].str(), m[2].str(), Unit::in, line.text);
        if (found && (!best || std::abs(centre - middle) < best_distance)) {
            best = found->length;
            best_distance = std::abs(centre - middle);
        }
    }
    if (best)
        facts.spine_width = best;
}

std::string isbn_of(std::string_view text) {
    std::string digits;
    for (char c : text) {
        if (std::isdigit(static_cast<unsigned char>(c)) ||
            ((c == 'X' || c == 'x') && digits.size() == 9))
            digits += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        else if (c != '-' && c != ' ')
            break;
    }
    return digits.size() == 10 || digits.size() == 13 ? digits : std::string();
}

std::optional<TemplateFacts> read(const Size& page, const std::vector<Word>& words,
                                  const std::vector<Shape>& shapes,
                                  const std::vector<const PrinterSpec*>& printers) {
    const std::vector<Line> lines = group_lines(words);
    const int kdp = score(lines, kdp_phrases);
    const int ingramspark = score(lines, ingramspark_phrases);
    if (std::max(kdp, ingramspark) < 2 || kdp == ingramspark)
        return std::nullopt;

    TemplateFacts facts;
    facts.printer_id = kdp > ingramspark ? "kdp" : "ingramspark";
    facts.page = page;
    const bool is_kdp = facts.printer_id == "kdp";
    std::optional<Content> content;
    static const std::regex pages_regex(R"((\d[\d,.]*)\s*(pages|seiten)\b)");
    for (const auto& line : lines) {
        const std::string& l = line.lower;
        const bool short_line = std::count(l.begin(), l.end(), ' ') < 4;
        if (auto label = label_of(line))
            facts.labels.push_back(std::move(*label));

        // KDP heads its template "Paperback Book" (or "Hardcover Book"); IngramSpark "Perfect
        // Bound Cover Template", "Case Laminate ...", "Dust Jacket ...".
        if (!facts.binding && is_kdp && short_line) {
            if (contains_word(l, "paperback"))
                facts.binding = Binding::paperback;
            else if (contains_word(l, "hardcover"))
                facts.binding = Binding::case_laminate;
        } else if (!facts.binding && !is_kdp) {
            if (contains(l, "perfect bound cover template"))
                facts.binding = Binding::paperback;
            else if (contains(l, "case laminate cover template"))
                facts.binding = Binding::case_laminate;
            else if (contains(l, "dust jacket cover template"))
                facts.binding = Binding::dust_jacket;
        }
        if (!facts.overall_size &&
            (contains(l, "overall dimensions") || contains(l, "gesamtabmessungen")))
            facts.overall_size = size_in(line);
        if (!facts.spine_width && (contains(l, "spine width") || contains(l, "buchrückenbreite")))
            facts.spine_width = length_in(line);
        if (!facts.document_size && contains(l, "document size"))
            facts.document_size = size_in(line, l.find("document size"));
        if (!facts.panel_bleed_size && contains(l, "bleed artwork dimensions"))
            facts.panel_bleed_size = size_in(line, l.find("bleed artwork dimensions"));
        if (!facts.trim) {
            if (contains(l, "trim size:") || (contains(l, "trim size") && !contains(l, "="))) {
                facts.trim = size_in(line, l.find("trim size"));
            } else if ((contains_word(l, "book") || contains_word(l, "buch")) &&
                       !contains(l, "overall") && !contains(l, "barcode")) {
                facts.trim = size_in(line);
            }
        }
        if (!facts.pages) {
            std::smatch m;
            if (contains(l, "page count"))
                facts.pages = count_in(value_after(line, "page count"));
            else if (std::regex_search(l, m, pages_regex))
                facts.pages = count_in(m[1].str());
        }
        if (facts.isbn.empty() && contains_word(l, "isbn"))
            facts.isbn = isbn_of(value_after(line, "isbn"));
        if (!is_kdp && contains(l, "paper type")) {
            if (facts.paper.empty())
                facts.paper = value_after(line, "paper type");
        } else if (is_kdp && short_line && facts.paper.empty() && !contains(l, "=") &&
                   (contains_word(l, "paper") || contains_word(l, "papier"))) {
            // KDP: "White Paper", "Weißes Papier".
            std::string text = line.text;
            for (std::string_view word : {"paper", "papier"}) {
                if (const auto at = lowered(text).find(word); at != std::string::npos)
                    text.erase(at, word.size());
            }
            facts.paper = trimmed(normalise(text));
        }
        if (!content && !is_kdp && contains(l, "content type")) {
            facts.content_type = value_after(line, "content type");
            content = content_of(lowered(facts.content_type));
        } else if (!content && is_kdp && short_line && !contains(l, "=")) {
            // KDP: "Black & White", "Standard Color", "Schwarz-Weiß" on a line of its own.
            if (auto found = content_of(l)) {
                content = found;
                facts.content_type = content_phrase(line);
            }
        }
    }
    if (!facts.pages)
        facts.notes.push_back("the template prints no page count");

    facts.paper_candidates =
        paper_candidates(facts.printer_id, facts.paper, content.value_or(Content::unknown));
    if (const PrinterSpec* printer = printer_of(printers, facts.printer_id)) {
        std::erase_if(facts.paper_candidates,
                      [&](const std::string& id) { return !printer->find_paper(id); });
    }
    if (facts.paper_candidates.size() == 1)
        facts.paper_id = facts.paper_candidates.front();

    if (facts.printer_id == "ingramspark") {
        read_artwork_area(facts, shapes, printers);
        if (!facts.spine_width)
            read_spine_label(facts, lines);
    }
    return facts;
}

// ---------------------------------------------------------------------------------------
// Comparison.

// IngramSpark's templates print (and draw) up to 0.002 in more than its formula: case laminate
// 5.5 x 8.5 in, 238 pages, prints 13.694 for the formula's 13.6925 (PRINTERS.md §4 [IS-T]).
constexpr Length ingramspark_template_excess = 0.002_in;
// Marks measured on the page are taken to a thousandth of an inch either way (on §7's three
// templates the artwork areas drawn and the marks agree to 0.001 in).
constexpr Length marks_measured_to = 0.001_in;
// KDP's calculator rounds the PDF page to whole points (PRINTERS.md §1 [KDP-CALC]): half a
// point either way.
constexpr Length kdp_page_rounding = 0.5_pt;

struct Tolerance {
    Length below;  // the template's value may be this much less than podcover's
    Length above;  // or this much more
    std::string why;
    Unit unit = Unit::in;  // to state it in
};

std::string inches(Length length) {
    return length.format(Unit::in, 6) + " in";
}

std::string describe(const Tolerance& tolerance) {
    const std::string below = tolerance.below.format_with_unit(tolerance.unit, 6);
    const std::string above = tolerance.above.format_with_unit(tolerance.unit, 6);
    if (tolerance.below == tolerance.above)
        return "±" + above + ": " + tolerance.why;
    return "-" + below + " to +" + above + ": " + tolerance.why;
}

std::string printed_to(const PrintedLength& printed) {
    return "printed to " + (printed.rounding * 2).format_with_unit(Unit::in, 6);
}

Tolerance printed_tolerance(const std::string& printer_id, const PrintedLength& printed) {
    if (printer_id == "ingramspark")
        return Tolerance{printed.rounding, printed.rounding + ingramspark_template_excess,
                         printed_to(printed) +
                             "; IngramSpark's templates print up to 0.002 in more than its "
                             "formula (PRINTERS.md §4)"};
    return Tolerance{printed.rounding, printed.rounding, printed_to(printed)};
}

FieldComparison compare_field(std::string field, std::string template_text, Length template_value,
                              Length podcover_value, const Tolerance& tolerance) {
    const Length difference = template_value - podcover_value;
    FieldComparison result;
    result.field = std::move(field);
    result.template_text = std::move(template_text);
    result.template_value = template_value;
    result.podcover_text = inches(podcover_value);
    result.podcover_value = podcover_value;
    result.tolerance = describe(tolerance);
    result.matches = difference >= -tolerance.below && difference <= tolerance.above;
    return result;
}

std::vector<FieldComparison> compare_fields(const TemplateFacts& facts, const Layout& layout) {
    std::vector<FieldComparison> fields;
    if (facts.spine_width) {
        fields.push_back(compare_field("spine_width", facts.spine_width->text,
                                       facts.spine_width->value, layout.spine_width,
                                       printed_tolerance(facts.printer_id, *facts.spine_width)));
    }
    if (facts.overall_size) {
        const auto& size = *facts.overall_size;
        fields.push_back(compare_field("cover_width", size.width.text, size.width.value,
                                       layout.sheet.width,
                                       printed_tolerance(facts.printer_id, size.width)));
        fields.push_back(compare_field("cover_height", size.height.text, size.height.value,
                                       layout.sheet.height,
                                       printed_tolerance(facts.printer_id, size.height)));
    } else if (facts.artwork_area) {
        const Tolerance measured{
            marks_measured_to, marks_measured_to + ingramspark_template_excess,
            "measured from the template's trim and fold marks to 0.001 in; IngramSpark's "
            "templates draw up to 0.002 in more than its formula (PRINTERS.md §4)"};
        const Size area = facts.artwork_area->size();
        fields.push_back(compare_field("cover_width", inches(area.width), area.width,
                                       layout.sheet.width, measured));
        fields.push_back(compare_field("cover_height", inches(area.height), area.height,
                                       layout.sheet.height, measured));
    }
    if (facts.printer_id == "kdp") {
        const Tolerance page{kdp_page_rounding, kdp_page_rounding,
                             "KDP's calculator rounds the PDF page to whole points (PRINTERS.md "
                             "§1)",
                             Unit::pt};
        fields.push_back(compare_field("page_width", inches(facts.page.width), facts.page.width,
                                       layout.sheet.width, page));
        fields.push_back(compare_field("page_height", inches(facts.page.height), facts.page.height,
                                       layout.sheet.height, page));
    }
    if (facts.panel_bleed_size && layout.binding == Binding::paperback) {
        // One panel with bleed all round, as IngramSpark's label counts it (PRINTERS.md §6).
        if (const Region* front = layout.find("front")) {
            const auto& size = *facts.panel_bleed_size;
            fields.push_back(compare_field("panel_width", size.width.text, size.width.value,
                                           front->rect.width + layout.bleed * 2,
                                           printed_tolerance(facts.printer_id, size.width)));
            fields.push_back(compare_field("panel_height", size.height.text, size.height.value,
                                           front->rect.height + layout.bleed * 2,
                                           printed_tolerance(facts.printer_id, size.height)));
        }
    }
    return fields;
}

std::string describe_book(const PrinterSpec& printer, const BookSpec& book) {
    std::string text = book.trim.format(Unit::in, 4) + ", " + std::to_string(book.pages) + " pages";
    if (const PaperSpec* paper = printer.find_paper(book.paper))
        text += ", " + paper->label;
    else if (!book.paper.empty())
        text += ", " + book.paper;
    return text + ", " + std::string(binding_label(book.binding));
}

FieldComparison book_difference(std::string template_text, std::string podcover_text) {
    FieldComparison field;
    field.field = "book";
    field.template_text = std::move(template_text);
    field.podcover_text = std::move(podcover_text);
    field.tolerance = "the book itself";
    return field;
}

struct Attempt {
    BookSpec book;
    LayoutResult result;
    std::vector<FieldComparison> fields;
    bool all_match = false;
};

}  // namespace

std::optional<Size> TemplateFacts::cover_size() const {
    if (overall_size)
        return overall_size->size();
    if (artwork_area)
        return artwork_area->size();
    return std::nullopt;
}

std::optional<TemplateFacts> read_printer_template(const Size& page, const std::vector<Word>& words,
                                                   const std::vector<Shape>& shapes) {
    static const PrinterCatalog builtin = PrinterCatalog::builtin();
    return read(page, words, shapes, printers_in(builtin));
}

std::optional<TemplateFacts> read_printer_template(const Size& page, const std::vector<Word>& words,
                                                   const std::vector<Shape>& shapes,
                                                   const PrinterCatalog& printers) {
    return read(page, words, shapes, printers_in(printers));
}

std::optional<TemplateFacts> read_printer_template(const Size& page, const std::vector<Word>& words,
                                                   const std::vector<Shape>& shapes,
                                                   const std::vector<const PrinterSpec*>& printers) {
    return read(page, words, shapes, printers);
}

std::vector<FieldComparison> TemplateComparison::differences() const {
    std::vector<FieldComparison> result;
    for (const auto& field : fields) {
        if (!field.matches)
            result.push_back(field);
    }
    return result;
}

TemplateComparison compare_with_podcover(const TemplateFacts& facts, const PrinterSpec& printer) {
    TemplateComparison comparison;
    comparison.printer_id = printer.id;
    comparison.pages = facts.pages;
    if (facts.printer_id != printer.id)
        comparison.notes.push_back("the template is " + facts.printer_id + "'s; compared with " +
                                   printer.name + "'s rules");

    // What the template does not print is tried every way the printer offers; the choice
    // whose layout matches is taken, and said.
    std::vector<Binding> bindings;
    if (facts.binding) {
        bindings.push_back(*facts.binding);
    } else {
        for (Binding binding : all_bindings) {
            if (printer.find_binding(binding))
                bindings.push_back(binding);
        }
    }
    const bool cover_printed = facts.cover_size().has_value();
    if (!facts.pages || (!facts.trim && !cover_printed)) {
        comparison.fields.push_back(book_difference(
            !facts.pages ? "no page count printed" : "no trim size printed",
            "not laid out: podcover needs the template's trim size and page count"));
        return comparison;
    }
    std::vector<Attempt> attempts;
    for (Binding binding : bindings) {
        const BindingSpec* spec = printer.find_binding(binding);
        std::vector<std::string> papers;
        if (!facts.paper_id.empty())
            papers = {facts.paper_id};
        else if (!facts.paper_candidates.empty())
            papers = facts.paper_candidates;
        else if (spec)
            papers = spec->paper_ids(printer);
        else
            papers = {std::string()};
        std::vector<Size> trims;
        if (facts.trim) {
            trims.push_back(facts.trim->size());
        } else if (spec) {
            for (const auto& offer : spec->offers) {
                for (const auto& trim : offer.trims) {
                    if (std::find(trims.begin(), trims.end(), trim) == trims.end())
                        trims.push_back(trim);
                }
            }
        }
        for (const auto& paper : papers) {
            for (const auto& trim : trims) {
                Attempt attempt;
                attempt.book = BookSpec{binding, trim, *facts.pages, paper};
                attempt.result = compute_layout(printer, attempt.book);
                if (attempt.result.layout) {
                    attempt.fields = compare_fields(facts, *attempt.result.layout);
                    attempt.all_match =
                        !attempt.fields.empty() &&
                        std::all_of(attempt.fields.begin(), attempt.fields.end(),
                                    [](const FieldComparison& f) { return f.matches; });
                }
                attempts.push_back(std::move(attempt));
            }
        }
    }
    if (attempts.empty()) {
        comparison.fields.push_back(
            book_difference(facts.printer_id + " " +
                                (facts.binding ? std::string(binding_label(*facts.binding)) : ""),
                            printer.name + " offers no such binding"));
        return comparison;
    }

    const auto matching = std::find_if(attempts.begin(), attempts.end(),
                                       [](const Attempt& a) { return a.all_match; });
    const auto laid_out = std::find_if(attempts.begin(), attempts.end(), [](const Attempt& a) {
        return a.result.layout.has_value();
    });
    const Attempt& chosen = matching != attempts.end()   ? *matching
                            : laid_out != attempts.end() ? *laid_out
                                                         : attempts.front();
    comparison.binding = chosen.book.binding;
    comparison.trim = chosen.book.trim;
    comparison.paper_id = chosen.book.paper;
    if (attempts.size() > 1) {
        std::vector<std::string> unknown;
        if (!facts.binding)
            unknown.push_back("its binding");
        if (!facts.trim)
            unknown.push_back("its trim");
        if (facts.paper_id.empty())
            unknown.push_back(facts.paper.empty() ? "its paper"
                                                  : "which paper \"" + facts.paper + "\" is");
        comparison.notes.push_back("the template does not say " + join_names(unknown) +
                                   "; podcover tried " + std::to_string(attempts.size()) +
                                   " books and compared " + describe_book(printer, chosen.book) +
                                   (matching != attempts.end() ? ", the one whose layout matches"
                                                               : ", though none matches"));
    }
    if (!chosen.result.layout) {
        comparison.refusals = chosen.result.errors;
        std::vector<std::string> reasons;
        for (const auto& error : chosen.result.errors)
            reasons.push_back(error.message);
        comparison.fields.push_back(book_difference(describe_book(printer, chosen.book),
                                                    "not offered: " + join_names(reasons, "and")));
        return comparison;
    }
    comparison.laid_out = true;
    comparison.fields = chosen.fields;
    // Nothing printed to compare is no difference: the book is laid out, and the note says
    // that nothing was verified.
    if (comparison.fields.empty())
        comparison.notes.push_back("the template prints no spine width or cover size to compare");
    comparison.matches = comparison.differences().empty();
    return comparison;
}

std::vector<TemplateLabel> template_labels(const std::vector<Word>& words) {
    std::vector<TemplateLabel> labels;
    for (const auto& line : group_lines(words)) {
        if (auto label = label_of(line))
            labels.push_back(std::move(*label));
    }
    return labels;
}

}  // namespace podcover::check
