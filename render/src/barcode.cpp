#include "podcover/render/barcode.hpp"

#include <zint.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <memory>
#include <new>
#include <stdexcept>

#include "podcover/errors.hpp"

namespace podcover::render {
namespace {

using namespace podcover::literals;

// ---------------------------------------------------------------------------------------------
// Text helpers

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

int digit_value(char c) {
    return c - '0';
}

char to_upper(char c) {
    return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}

std::string upper(std::string_view text) {
    std::string result(text);
    for (char& c : result)
        c = to_upper(c);
    return result;
}

std::string_view trim_spaces(std::string_view text) {
    while (!text.empty() && is_space(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && is_space(text.back()))
        text.remove_suffix(1);
    return text;
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() && upper(text.substr(0, prefix.size())) == prefix;
}

std::string quoted(std::string_view text) {
    return "'" + std::string(text) + "'";
}

// A stray character for an error message: "character 'O'", or a description when it is not
// printable ASCII.
std::string describe_character(char c) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x21 && byte < 0x7f)
        return "character " + quoted(std::string_view(&c, 1));
    return byte >= 0x80 ? "non-ASCII character" : "control character";
}

// `text` with the Unicode separators that ISBNs copied from documents carry replaced by their
// ASCII forms: no-break and narrow no-break spaces by a space; hyphen, non-breaking hyphen,
// figure dash, en dash and minus sign by a hyphen.
std::string ascii_separators(std::string_view text) {
    struct Replacement {
        std::string_view utf8;
        char ascii;
    };
    static constexpr Replacement replacements[] = {
        {"\xC2\xA0", ' '},     {"\xE2\x80\xAF", ' '}, {"\xE2\x80\x90", '-'}, {"\xE2\x80\x91", '-'},
        {"\xE2\x80\x92", '-'}, {"\xE2\x80\x93", '-'}, {"\xE2\x88\x92", '-'}};
    std::string result;
    while (!text.empty()) {
        bool replaced = false;
        for (const Replacement& replacement : replacements) {
            if (text.substr(0, replacement.utf8.size()) == replacement.utf8) {
                result += replacement.ascii;
                text.remove_prefix(replacement.utf8.size());
                replaced = true;
                break;
            }
        }
        if (!replaced) {
            result += text.front();
            text.remove_prefix(1);
        }
    }
    return result;
}

// ---------------------------------------------------------------------------------------------
// ISBN check digits

// EAN-13 (and so ISBN-13) check digit: GS1's modulo-10 check with weights 1 and 3 alternating
// from the left, the check digit bringing the sum to a multiple of 10.
char ean13_check_digit(std::string_view first_12) {
    int sum = 0;
    for (std::size_t i = 0; i < 12; ++i)
        sum += digit_value(first_12[i]) * (i % 2 == 0 ? 1 : 3);
    return static_cast<char>('0' + (10 - sum % 10) % 10);
}

// ISBN-10 check digit (ISO 2108 before 2007): weights 10 down to 2, the check digit bringing
// the sum to a multiple of 11, with X standing for 10.
char isbn10_check_digit(std::string_view first_9) {
    int sum = 0;
    for (std::size_t i = 0; i < 9; ++i)
        sum += digit_value(first_9[i]) * static_cast<int>(10 - i);
    const int check = (11 - sum % 11) % 11;
    return check == 10 ? 'X' : static_cast<char>('0' + check);
}

// Removes a leading "ISBN", "ISBN:", "ISBN-13:", "ISBN13", "ISBN-10:", "ISBN 13:" and the
// spaces after it.
std::string_view strip_isbn_prefix(std::string_view text) {
    if (!starts_with_ignoring_case(text, "ISBN"))
        return text;
    text.remove_prefix(4);
    for (std::string_view label : {"-13", "13", " 13", "-10", "10", " 10"}) {
        if (text.substr(0, label.size()) != label)
            continue;
        const std::string_view after = text.substr(label.size());
        // "ISBN 13" needs a colon after it, else the 13 may be the number's own digits;
        // "ISBN-13" and "ISBN13" a colon, a space or nothing.
        const bool colon = !after.empty() && after.front() == ':';
        const bool space = after.empty() || is_space(after.front());
        if (colon || (label.front() != ' ' && space)) {
            text = after;
            break;
        }
    }
    if (!text.empty() && text.front() == ':')
        text.remove_prefix(1);
    return trim_spaces(text);
}

// The groups between the user's separators: "978-0-306-40615-7" and "978 0 306 40615 7" give
// five. A run of spaces with at most one hyphen ("978 - 0") is one separator; a doubled hyphen
// or one at either end gives an empty group, so that the hyphenation is not used.
std::vector<std::string> split_groups(std::string_view body) {
    std::vector<std::string> groups(1);
    std::size_t i = 0;
    while (i < body.size()) {
        if (body[i] != '-' && !is_space(body[i])) {
            groups.back() += body[i++];
            continue;
        }
        int hyphens = 0;
        for (; i < body.size() && (body[i] == '-' || is_space(body[i])); ++i)
            hyphens += body[i] == '-' ? 1 : 0;
        groups.emplace_back();
        if (hyphens > 1)
            groups.emplace_back();
    }
    return groups;
}

// The user's hyphenation as an ISBN-13 ("978-0-306-40615-7"), or "" when they gave none or
// it does not have the five elements an ISBN-13 is divided into: prefix (3 digits),
// registration group, registrant, publication, check digit (1) (UK ISBN Agency, Nielsen, FAQ,
// https://nielsenisbnstore.com/Home/FAQExisting). An ISBN-10's four elements keep their
// meaning under the 978 prefix, so they carry over.
std::string user_hyphenation(std::string_view body, const std::string& isbn13, bool isbn10) {
    const std::vector<std::string> groups = split_groups(body);
    const std::size_t expected = isbn10 ? 4 : 5;
    if (groups.size() != expected)
        return "";
    for (const std::string& group : groups) {
        if (group.empty())
            return "";
    }
    if (groups.back().size() != 1 || (!isbn10 && groups.front().size() != 3))
        return "";
    std::string hyphenated = isbn10 ? "978" : "";
    for (std::size_t i = 0; i + 1 < groups.size(); ++i)
        hyphenated += (hyphenated.empty() ? "" : "-") + groups[i];
    return hyphenated + "-" + isbn13.back();
}

// ---------------------------------------------------------------------------------------------
// Price add-on

// The currency digits of the Bookland price add-on, only where a book-trade source confirms
// them:
// - USD 5: Lightning Source (IngramSpark's printer), "Cover Barcode Price Extension",
//   https://help.lightningsource.com/hc/en-us/articles/5293920968589 ("For US dollars, the
//   designated digit is a 5"; also the source for 90000 as "no pricing information").
// - CAD 6: BookNet Canada, "Product Bar Codes",
//   https://booknetcanada.atlassian.net/wiki/spaces/UserDocs/pages/1378342 ("the leading digit
//   of 6 is used to signify prices in Canadian currency"; it adds that Canadian retailers do
//   not all scan it).
// Barcode vendors' pages also give 0 and 1 for GBP, 3 for AUD and 4 for NZD
// (barcode-us.com, activebarcode.com), but others contradict them (bar-code.com reads 1xxxx
// to 4xxxx as US$100.00 to US$499.99; paradoxalpress.com gives 4 for CAD), and no
// agency's page confirms them, so they are refused rather than guessed.
struct Currency {
    std::string_view code;
    char digit;
};
constexpr Currency currencies[] = {{"USD", '5'}, {"CAD", '6'}};

const char* const no_price_fix = "leave the price out for add-on 90000 (no suggested retail price)";

std::string accepted_currencies() {
    std::string list;
    for (const Currency& currency : currencies)
        list += (list.empty() ? "" : " and ") + std::string(currency.code);
    return list;
}

// "USD", "US$", "$" -> USD; "CAD", "C$", "CA$", "CAN$" -> CAD; anything else -> nullopt.
std::optional<Currency> find_currency(std::string_view symbol) {
    const std::string code = upper(symbol);
    std::string_view canonical = code;
    if (code == "$" || code == "US$" || code == "USD$")
        canonical = "USD";
    else if (code == "C$" || code == "CA$" || code == "CAN$" || code == "CAD$")
        canonical = "CAD";
    for (const Currency& currency : currencies) {
        if (currency.code == canonical)
            return currency;
    }
    return std::nullopt;
}

// The amount in hundredths ("16.99" -> 1699), or throws.
long amount_in_hundredths(std::string_view amount, std::string_view price) {
    const std::string example = "write it like 'USD 16.99'";
    const std::size_t point = amount.find('.');
    const std::string_view whole = amount.substr(0, point);
    const std::string_view fraction =
        point == std::string_view::npos ? std::string_view() : amount.substr(point + 1);
    const bool all_digits = std::all_of(whole.begin(), whole.end(), is_digit) &&
                            std::all_of(fraction.begin(), fraction.end(), is_digit);
    if (!all_digits || (whole.empty() && fraction.empty())) {
        throw ValueError(
            "price " + quoted(price) + " is not an amount; " + example +
            (amount.find(',') != std::string_view::npos ? ", with a decimal point" : ""));
    }
    if (fraction.size() > 2) {
        throw ValueError("price " + quoted(price) + " has more than two decimals; " + example);
    }
    long hundredths = 0;
    for (char c : whole) {
        hundredths = hundredths * 10 + digit_value(c);
        if (hundredths > 100'000)  // already too large; stop before overflowing
            break;
    }
    hundredths *= 100;
    if (!fraction.empty())
        hundredths += digit_value(fraction[0]) * 10;
    if (fraction.size() == 2)
        hundredths += digit_value(fraction[1]);
    return hundredths;
}

// ---------------------------------------------------------------------------------------------
// Barcode dimensions

// GS1 General Specifications, 5.2.3.4 (as summarised by GS1 Ireland, "EAN 13 Barcode Symbol
// Specifications", https://www.gs1ie.org/standards/data-carriers/barcodes/ean-13/, and GS1
// Sweden's size guide, https://gs1.se/en/guides/how-to-guides/size-guide/): X-dimension
// 0.330 mm at 100%, magnification 80% to 200%, bar height 22.85 mm at 100%, quiet zones
// 3.63 mm (11X) left and 2.31 mm (7X) right.
constexpr Length nominal_module = 0.33_mm;
constexpr Length nominal_bar_height = 22.85_mm;
constexpr int smallest_magnification = 80;
constexpr int largest_magnification = 100;  // larger would only waste cover space
constexpr int left_quiet_zone = 11;         // modules
constexpr int right_quiet_zone = 7;         // modules, without an add-on
// With an add-on, the main symbol's right quiet zone is the 7X-12X gap before it and the
// add-on needs at least 5X after it (GS1 General Specifications 20.0, 5.2.3.4, as tabulated in
// zint's backend/output.c). podcover leaves 6X: zbar, the scanner the checker (and many
// readers) use, wants 5.25X and misses the add-on against a dark cover with only 5X. The
// smallest gap keeps the add-on within IngramSpark's 1.75 in at 81% (165 + 1 modules).
constexpr int addon_gap = 7;               // modules
constexpr int addon_right_quiet_zone = 6;  // modules
// The EAN-13's height with its digits is 25.93 mm at 100% (the nominal 37.29 x 25.93 mm symbol
// in barcode suppliers' tables: softmatic.com/ean-sc-sizes.html, ozbarcodes.com.au), so the
// digits' baseline is 25.93 - 22.85 = 3.08 mm below the bars. (GS1 Ireland's page says
// 27.85 mm, which no other source has.)
constexpr Length nominal_digits_depth = 3.08_mm;
// The guard bars reach 5X below the others (zint's default guard_descent, zint.h: "Height in
// X-dimensions that EAN/UPC guard bars descend"), leaving the digits between them.
constexpr int guard_descent = 5;  // modules
// The digits in an em of 10X (3.3 mm at 100%) are about 7X tall (0.7 em in OCR-B and most
// faces): with the baseline 3.08 mm (9.33X) down, they clear the bars by about 2.3X. zint uses
// the same em.
constexpr int digits_em = 10;  // modules
// The add-on's digits stand above its bars, whose tops are lowered to make room; baseline
// and bar top as zint 2.11 places them (7.5X and 9.5X below the main bars' top).
constexpr int addon_digits_baseline_half_modules = 15;
constexpr int addon_bars_top_half_modules = 19;
// The "ISBN 978-..." line above the bars (BISG, "Bar Coding Guidelines for the U.S. Book
// Industry", http://www.bisg.org/documents/barcoding.html: "the human-readable ISBN-13 printed
// above the bar code") in an em of 8X (2.64 mm, 7.5 pt at 100%),
// so that 22 characters of a monospaced face (0.6 em each, 105.6X) fit over the main symbol
// and its quiet zones (109X), with a gap of 2X above the bars.
constexpr int isbn_line_em = 8;           // modules
constexpr int isbn_line_gap = 2;          // modules
constexpr int isbn_line_max_width = 109;  // modules: 95 of bars and 7 on each side
// Round digits (0, 3, 6, 8, 9) overshoot the baseline slightly: 1X of white below them.
constexpr int bottom_margin = 1;  // modules

constexpr int ean13_modules = 95;
constexpr int ean5_modules = 47;
// Clearance between a line of digits and the guard bars beside it.
constexpr int digits_clearance = 1;  // modules

static_assert(nominal_module.units() % 200 == 0, "half a module is exact at every percent");
static_assert(nominal_bar_height.units() % 100 == 0 && nominal_digits_depth.units() % 100 == 0);

Length at_magnification(Length nominal, int percent) {
    return nominal * percent / 100;
}

// ---------------------------------------------------------------------------------------------
// The symbol in modules, from zint

struct ZintDeleter {
    void operator()(zint_symbol* symbol) const noexcept { ZBarcode_Delete(symbol); }
};
using ZintSymbol = std::unique_ptr<zint_symbol, ZintDeleter>;

enum class BarKind { data, guard, addon };

// A bar in whole modules from the first module of the EAN-13's left guard.
struct ModuleBar {
    int start;
    int width;
    BarKind kind;
};

enum class TextRow { below_bars, above_addon };

// A line of digits, its centre and widest extent in half modules from the left guard.
struct ModuleText {
    std::string text;
    int center_half;
    int max_width_half;
    TextRow row;
};

struct ModuleSymbol {
    int width = 0;  // modules, from the left guard to the end of the add-on
    bool has_addon = false;
    std::vector<ModuleBar> bars;
    std::vector<ModuleText> texts;
};

[[noreturn]] void internal_error(const std::string& what) {
    throw std::logic_error("barcode: " + what);
}

// zint's coordinate `value` in half modules from `origin`; every EAN edge lies on the grid,
// so anything else means zint's output is not what this code expects.
int half_modules(double value, double origin, double module, const char* what) {
    const double half = (value - origin) / module * 2.0;
    const double rounded = std::round(half);
    if (std::abs(half - rounded) > 1e-3) {
        internal_error(std::string("zint placed ") + what + " off the module grid (" +
                       std::to_string(half / 2.0) + " modules)");
    }
    return static_cast<int>(rounded);
}

int whole_modules(double value, double origin, double module, const char* what) {
    const int half = half_modules(value, origin, module, what);
    if (half % 2 != 0)
        internal_error(std::string("zint placed ") + what + " on half a module");
    return half / 2;
}

ModuleSymbol encode_with_zint(const std::string& digits, const std::string& addon) {
    ZintSymbol symbol(ZBarcode_Create());
    if (!symbol)
        throw std::bad_alloc();
    symbol->symbology = BARCODE_ISBNX;
    symbol->option_2 = addon_gap;
    symbol->warn_level = WARN_FAIL_ALL;  // a warning (say, non-compliant) is a failure here
    const std::string data = addon.empty() ? digits : digits + "+" + addon;
    const int status = ZBarcode_Encode_and_Buffer_Vector(
        symbol.get(), reinterpret_cast<const unsigned char*>(data.c_str()),
        static_cast<int>(data.size()), 0);
    if (status != 0) {
        throw ValueError("zint cannot encode ISBN " + digits +
                         (addon.empty() ? "" : " with add-on " + addon) + ": " +
                         std::string(symbol->errtxt) + "; check the ISBN and the price");
    }
    const zint_vector* vector = symbol->vector;
    if (vector == nullptr || vector->rectangles == nullptr)
        internal_error("zint returned no vector bars for " + data);
    if (reinterpret_cast<const char*>(symbol->text) != data)
        internal_error("zint encoded " + std::string(reinterpret_cast<const char*>(symbol->text)) +
                       " instead of " + data);

    ModuleSymbol result;
    result.has_addon = !addon.empty();
    result.width = symbol->width;
    const int expected_width = ean13_modules + (addon.empty() ? 0 : addon_gap + ean5_modules);
    if (symbol->rows != 1 || result.width != expected_width) {
        internal_error("zint made a symbol " + std::to_string(result.width) + " modules wide in " +
                       std::to_string(symbol->rows) + " rows, not " +
                       std::to_string(expected_width) + " in 1");
    }

    // zint's vector units per module depend on its scale; measure them from the bars.
    double left = std::numeric_limits<double>::infinity();
    double right = -std::numeric_limits<double>::infinity();
    for (const zint_vector_rect* rect = vector->rectangles; rect != nullptr; rect = rect->next) {
        if (rect->colour != -1)
            internal_error("zint drew a rectangle that is not a bar");
        left = std::min(left, static_cast<double>(rect->x));
        right = std::max(right, static_cast<double>(rect->x) + rect->width);
    }
    const double module = (right - left) / result.width;
    if (!(module > 0))
        internal_error("zint's bars have no width");

    // Guard bars reach below the data bars; add-on bars start after the main symbol.
    double data_bottom = std::numeric_limits<double>::infinity();
    for (const zint_vector_rect* rect = vector->rectangles; rect != nullptr; rect = rect->next) {
        if (rect->x < left + ean13_modules * module)
            data_bottom = std::min(data_bottom, static_cast<double>(rect->y) + rect->height);
    }
    std::vector<int> guard_starts;
    for (const zint_vector_rect* rect = vector->rectangles; rect != nullptr; rect = rect->next) {
        ModuleBar bar{whole_modules(rect->x, left, module, "a bar's edge"),
                      whole_modules(rect->x + rect->width, rect->x, module, "a bar's width"),
                      BarKind::data};
        if (bar.start >= ean13_modules) {
            if (bar.start < ean13_modules + addon_gap)
                internal_error("zint put an add-on bar inside the gap after the main symbol");
            bar.kind = BarKind::addon;
        } else if (rect->y + rect->height > data_bottom + module / 2) {
            bar.kind = BarKind::guard;
            guard_starts.push_back(bar.start);
        }
        if (bar.width < 1 || bar.width > 4)
            internal_error("zint drew a bar " + std::to_string(bar.width) + " modules wide");
        result.bars.push_back(bar);
    }
    std::sort(guard_starts.begin(), guard_starts.end());
    // The bars of the guard patterns 101 (start), 01010 (centre) and 101 (end).
    if (guard_starts != std::vector<int>{0, 2, 46, 48, 92, 94})
        internal_error("zint's guard bars are not where EAN-13 puts them");
    std::sort(result.bars.begin(), result.bars.end(),
              [](const ModuleBar& a, const ModuleBar& b) { return a.start < b.start; });
    for (std::size_t i = 1; i < result.bars.size(); ++i) {
        const ModuleBar& before = result.bars[i - 1];
        if (result.bars[i].start <= before.start + before.width)
            internal_error("zint drew bars that touch or overlap at module " +
                           std::to_string(result.bars[i].start));
    }

    // The human-readable digits: zint right-aligns the leading digit in the left quiet zone
    // and centres the rest.
    std::string main_text;
    std::string addon_text;
    for (const zint_vector_string* string = vector->strings; string != nullptr;
         string = string->next) {
        ModuleText text;
        text.text.assign(reinterpret_cast<const char*>(string->text),
                         static_cast<std::size_t>(string->length));
        const int x_half = half_modules(string->x, left, module, "a text's position");
        if (string->rotation != 0)
            internal_error("zint rotated the text " + text.text);
        if (string->halign == 2 && x_half < 0) {
            // The leading digit: from the quiet zone's left edge to where zint ends it.
            int left_half = -2 * left_quiet_zone;
            if ((left_half + x_half) % 2 != 0)
                ++left_half;
            text.center_half = (left_half + x_half) / 2;
            text.max_width_half = x_half - left_half;
            text.row = TextRow::below_bars;
            main_text += text.text;
        } else if (string->halign == 0 && x_half < 2 * ean13_modules) {
            // A group of six between guard bars: as wide as the space between them allows.
            int before = -2 * left_quiet_zone;
            int after = 2 * ean13_modules;
            for (const ModuleBar& bar : result.bars) {
                if (bar.kind != BarKind::guard)
                    continue;
                if (2 * (bar.start + bar.width) <= x_half)
                    before = std::max(before, 2 * (bar.start + bar.width));
                else if (2 * bar.start >= x_half)
                    after = std::min(after, 2 * bar.start);
            }
            text.center_half = x_half;
            text.max_width_half =
                2 * (std::min(x_half - before, after - x_half) - 2 * digits_clearance);
            text.row = TextRow::below_bars;
            main_text += text.text;
        } else if (string->halign == 0 && !addon.empty()) {
            // The add-on's digits over its bars.
            const int start = 2 * (ean13_modules + addon_gap);
            const int end = 2 * result.width;
            text.center_half = x_half;
            text.max_width_half = 2 * std::min(x_half - start, end - x_half);
            text.row = TextRow::above_addon;
            addon_text += text.text;
        } else {
            internal_error("zint placed the text " + text.text + " where no EAN text goes");
        }
        if (text.max_width_half <= 0)
            internal_error("zint left no room for the text " + text.text);
        result.texts.push_back(std::move(text));
    }
    if (main_text != digits || addon_text != addon)
        internal_error("zint's human-readable text " + main_text + " " + addon_text +
                       " does not match " + data);
    return result;
}

// ---------------------------------------------------------------------------------------------
// Layout at one magnification

Size size_at(const ModuleSymbol& symbol, int percent) {
    const Length module = at_magnification(nominal_module, percent);
    const int right = symbol.has_addon ? addon_right_quiet_zone : right_quiet_zone;
    const Length width = module * (left_quiet_zone + symbol.width + right);
    const Length height = module * (isbn_line_em + isbn_line_gap + bottom_margin) +
                          at_magnification(nominal_bar_height + nominal_digits_depth, percent);
    return Size{width, height};
}

Barcode lay_out(const ModuleSymbol& symbol, const Isbn& isbn, const std::string& addon,
                int percent) {
    Barcode barcode;
    barcode.size = size_at(symbol, percent);
    barcode.module_width = at_magnification(nominal_module, percent);
    barcode.magnification_percent = percent;
    barcode.main_digits = isbn.digits();
    barcode.addon_digits = addon;

    const Length module = barcode.module_width;
    const Length half_module = module / 2;
    const Length origin = module * left_quiet_zone;  // the left guard's first module
    const Length isbn_baseline = module * isbn_line_em;
    const Length bars_top = isbn_baseline + module * isbn_line_gap;
    const Length data_bottom = bars_top + at_magnification(nominal_bar_height, percent);
    const Length guard_bottom = data_bottom + module * guard_descent;
    const Length digits_baseline = data_bottom + at_magnification(nominal_digits_depth, percent);

    for (const ModuleBar& bar : symbol.bars) {
        const Length left = origin + module * bar.start;
        const Length right = left + module * bar.width;
        switch (bar.kind) {
            case BarKind::data:
                barcode.bars.push_back(Rect::from_edges(left, bars_top, right, data_bottom));
                break;
            case BarKind::guard:
                barcode.bars.push_back(Rect::from_edges(left, bars_top, right, guard_bottom));
                break;
            case BarKind::addon:
                barcode.bars.push_back(
                    Rect::from_edges(left, bars_top + half_module * addon_bars_top_half_modules,
                                     right, guard_bottom));
                break;
        }
    }

    barcode.text.push_back(BarcodeText{isbn.display(), origin + half_module * ean13_modules,
                                       isbn_baseline, module * isbn_line_em,
                                       module * isbn_line_max_width});
    for (const ModuleText& text : symbol.texts) {
        const Length baseline = text.row == TextRow::below_bars
                                    ? digits_baseline
                                    : bars_top + half_module * addon_digits_baseline_half_modules;
        barcode.text.push_back(BarcodeText{text.text, origin + half_module * text.center_half,
                                           baseline, module * digits_em,
                                           half_module * text.max_width_half});
    }
    return barcode;
}

// `length` rounded up to a multiple of `step`, so that a size quoted as needed is enough.
Length rounded_up(Length length, Length step) {
    const Length rounded = length.rounded_half_up(step);
    return rounded < length ? rounded + step : rounded;
}

std::string format_needed(Size size) {
    const Size in{rounded_up(size.width, 0.001_in), rounded_up(size.height, 0.001_in)};
    const Size mm{rounded_up(size.width, 0.01_mm), rounded_up(size.height, 0.01_mm)};
    return in.format(Unit::in, 3) + " (" + mm.format(Unit::mm, 2) + ")";
}

}  // namespace

// ---------------------------------------------------------------------------------------------

Isbn Isbn::parse(std::string_view text) {
    const std::string_view original = text;
    const std::string normalized = ascii_separators(text);
    const std::string_view body = strip_isbn_prefix(trim_spaces(normalized));
    const std::string fix = "give the ISBN from your ISBN agency, like 978-0-306-40615-7";

    std::string digits;
    bool has_x = false;
    for (std::size_t i = 0; i < body.size(); ++i) {
        const char c = body[i];
        if (is_digit(c)) {
            digits += c;
        } else if ((c == 'X' || c == 'x') && trim_spaces(body.substr(i + 1)).empty() && !has_x) {
            has_x = true;
        } else if (c == 'X' || c == 'x') {
            throw ValueError("ISBN " + quoted(original) +
                             " has an X that is not its last character; X can only be the "
                             "check digit of a 10-digit ISBN");
        } else if (c != '-' && !is_space(c)) {
            throw ValueError("ISBN " + quoted(original) + " has a stray " + describe_character(c) +
                             "; an ISBN has only digits, hyphens or spaces (and X as an "
                             "ISBN-10's check digit)");
        }
    }
    const std::size_t length = digits.size() + (has_x ? 1 : 0);
    if (length == 0)
        throw ValueError("ISBN " + quoted(original) + " has no digits; " + fix);
    if (has_x && length != 10) {
        throw ValueError("ISBN " + quoted(original) + " ends in X but has " +
                         std::to_string(length) +
                         " characters; X can only be the check digit of a 10-digit ISBN");
    }

    if (length == 13) {
        const std::string prefix = digits.substr(0, 3);
        if (prefix != "978" && prefix != "979") {
            throw ValueError("ISBN " + quoted(original) + " starts " + prefix +
                             "; an ISBN-13 starts 978 or 979 (is it another kind of number, "
                             "such as an ISSN or an EAN?)");
        }
        // 979-0 is the ISMN's prefix (ISO 10957), for printed music; ISBNs under 979 use the
        // other registration groups (979-10, 979-8 ...).
        if (digits.compare(0, 4, "9790") == 0) {
            throw ValueError("ISBN " + quoted(original) +
                             " starts 979-0, which is an ISMN (printed music), not an ISBN; "
                             "give the book's ISBN");
        }
        const char check = ean13_check_digit(digits);
        if (digits.back() != check) {
            throw ValueError("ISBN " + quoted(original) + " has check digit " + digits.back() +
                             ", but its first 12 digits give " + check +
                             "; check the ISBN against your ISBN agency's record for a "
                             "mistyped digit");
        }
        return Isbn(digits, user_hyphenation(body, digits, false), false);
    }
    if (length == 10) {
        const char given = has_x ? 'X' : digits.back();
        const std::string first_9 = digits.substr(0, 9);
        const char check = isbn10_check_digit(first_9);
        if (given != check) {
            throw ValueError("ISBN-10 " + quoted(original) + " has check digit " + given +
                             ", but its first 9 digits give " + check +
                             "; check the ISBN against your ISBN agency's record for a "
                             "mistyped digit");
        }
        std::string isbn13 = "978" + first_9;
        isbn13 += ean13_check_digit(isbn13);
        return Isbn(isbn13, user_hyphenation(body, isbn13, true), true);
    }
    throw ValueError("ISBN " + quoted(original) + " has " + std::to_string(length) +
                     " digits; an ISBN has 13 (or 10 for an older ISBN-10): " + fix);
}

std::string Isbn::display() const {
    return "ISBN " + (hyphenated_.empty() ? digits_ : hyphenated_);
}

std::string price_addon(std::optional<std::string_view> price_text) {
    if (!price_text)
        return "90000";
    const std::string_view price = trim_spaces(*price_text);
    if (price.empty())
        throw ValueError(std::string("the price is empty; write it like 'USD 16.99', or ") +
                         no_price_fix);

    // The amount is the run of digits, points and commas; the currency is before or after it.
    const auto in_amount = [](char c) { return is_digit(c) || c == '.' || c == ','; };
    std::size_t begin = 0;
    while (begin < price.size() && !in_amount(price[begin]))
        ++begin;
    std::size_t end = price.size();
    while (end > begin && !in_amount(price[end - 1]))
        --end;
    const std::string_view before = trim_spaces(price.substr(0, begin));
    const std::string_view amount = price.substr(begin, end - begin);
    const std::string_view after = trim_spaces(price.substr(end));

    if (!before.empty() && before.back() == '-') {
        throw ValueError("price " + quoted(price) +
                         " is negative; give the suggested retail "
                         "price, like 'USD 16.99', or " +
                         no_price_fix);
    }
    // "USD 16.99", "16.99 USD", "$16.99", and "$21.50 CAD" (a dollar sign and a code).
    std::string_view symbol = before.empty() ? after : before;
    if (!before.empty() && !after.empty()) {
        if (before != "$") {
            throw ValueError("price " + quoted(price) +
                             " has a currency on both sides; write it like 'USD 16.99'");
        }
        symbol = after;
    }
    if (symbol.empty()) {
        throw ValueError("price " + quoted(price) + " has no currency; write it like 'USD " +
                         std::string(amount) + "' (the add-on encodes " + accepted_currencies() +
                         ")");
    }
    const std::optional<Currency> currency = find_currency(symbol);
    if (!currency) {
        throw ValueError("unknown currency " + quoted(symbol) + " in price " + quoted(price) +
                         "; the price add-on has a currency digit only for " +
                         accepted_currencies() + ": give the price in one of them, or " +
                         no_price_fix);
    }
    if (amount.empty()) {
        throw ValueError("price " + quoted(price) + " has no amount; write it like '" +
                         std::string(currency->code) + " 16.99'");
    }
    const long hundredths = amount_in_hundredths(amount, price);
    if (hundredths == 0) {
        throw ValueError("price " + quoted(price) + " is zero, which the add-on cannot say; " +
                         no_price_fix);
    }
    if (hundredths > 9999) {
        throw ValueError("price " + quoted(price) +
                         " is more than 99.99, the most the 5-digit add-on holds; " + no_price_fix +
                         ", or give 99.99, which retailers read as '99.99 or "
                         "more: key in the price'");
    }
    std::string result(1, currency->digit);
    const std::string number = std::to_string(hundredths);
    result += std::string(4 - number.size(), '0') + number;
    return result;
}

Barcode make_isbn_barcode(const Isbn& isbn, const std::string& addon, Size max_size) {
    const bool addon_ok =
        addon.empty() || (addon.size() == 5 && std::all_of(addon.begin(), addon.end(), is_digit));
    if (!addon_ok) {
        throw ValueError("price add-on " + quoted(addon) +
                         " is not 5 digits; give a price (as 'USD 16.99') or no price, for "
                         "add-on 90000");
    }
    const ModuleSymbol symbol = encode_with_zint(isbn.digits(), addon);
    for (int percent = largest_magnification; percent >= smallest_magnification; --percent) {
        if (max_size.contains(size_at(symbol, percent)))
            return lay_out(symbol, isbn, addon, percent);
    }
    const Size needed = size_at(symbol, smallest_magnification);
    std::string short_side;
    if (needed.width > max_size.width)
        short_side = "too narrow";
    if (needed.height > max_size.height)
        short_side += std::string(short_side.empty() ? "" : " and ") + "too low";
    throw ValueError(
        "the ISBN barcode" + std::string(addon.empty() ? "" : " with its price add-on") +
        " needs " + format_needed(needed) + " at " + std::to_string(smallest_magnification) +
        "%, the smallest GS1 allows, but the barcode area is " + max_size.format(Unit::in, 3) +
        " (" + short_side + "); make the barcode area at least that large");
}

}  // namespace podcover::render
