#include "podcover/length.hpp"

#include <array>
#include <cctype>
#include <cmath>

#include "podcover/errors.hpp"

namespace podcover {
namespace {

__extension__ typedef __int128 wide;

std::string_view trim_spaces(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
        text.remove_prefix(1);
    }
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
        text.remove_suffix(1);
    }
    return text;
}

wide power_of_ten(int exponent) {
    wide result = 1;
    for (int i = 0; i < exponent; ++i)
        result *= 10;
    return result;
}

// Splits "0.125in" into "0.125" and "in"; the number is the longest leading run of sign,
// digits and one point.
std::pair<std::string_view, std::string_view> split_number(std::string_view text) {
    text = trim_spaces(text);
    std::size_t end = 0;
    if (end < text.size() && (text[end] == '+' || text[end] == '-'))
        ++end;
    while (end < text.size() &&
           (std::isdigit(static_cast<unsigned char>(text[end])) || text[end] == '.')) {
        ++end;
    }
    return {text.substr(0, end), trim_spaces(text.substr(end))};
}

std::string quoted(std::string_view text) {
    return "'" + std::string(text) + "'";
}

bool is_digit(char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

// The text with every comma between two digits made a point ("6,5x9in" -> "6.5x9in"), when it
// has one: many locales write decimals with a comma, and podcover reads only the point.
std::optional<std::string> decimal_points(std::string_view text) {
    std::string pointed(text);
    bool changed = false;
    for (std::size_t i = 1; i + 1 < pointed.size(); ++i) {
        if (pointed[i] == ',' && is_digit(pointed[i - 1]) && is_digit(pointed[i + 1])) {
            pointed[i] = '.';
            changed = true;
        }
    }
    if (!changed)
        return std::nullopt;
    return pointed;
}

void refuse_decimal_comma(std::string_view text) {
    if (const auto pointed = decimal_points(text)) {
        throw ValueError(quoted(text) + " has a decimal comma; write a decimal point: " + *pointed);
    }
}

std::string unknown_unit(std::string_view whole, std::string_view unit_text) {
    return quoted(whole) + " has an unknown unit " + quoted(unit_text) + ": use " +
           std::string(unit_choices());
}

}  // namespace

std::string_view unit_symbol(Unit unit) {
    switch (unit) {
        case Unit::in:
            return "in";
        case Unit::mm:
            return "mm";
        case Unit::pt:
            return "pt";
        case Unit::cm:
            return "cm";
    }
    return "in";
}

std::string_view unit_choices() {
    return "in, cm, mm or pt";
}

std::optional<Unit> parse_unit(std::string_view text) {
    text = trim_spaces(text);
    std::string lower;
    for (char c : text)
        lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == "in" || lower == "inch" || lower == "inches" || lower == "\"")
        return Unit::in;
    if (lower == "mm" || lower == "millimetre" || lower == "millimetres" || lower == "millimeter" ||
        lower == "millimeters") {
        return Unit::mm;
    }
    if (lower == "cm" || lower == "centimetre" || lower == "centimetres" || lower == "centimeter" ||
        lower == "centimeters") {
        return Unit::cm;
    }
    if (lower == "pt" || lower == "point" || lower == "points")
        return Unit::pt;
    return std::nullopt;
}

Length Length::from_decimal(std::string_view number, Unit unit) {
    const std::string_view original = number;
    refuse_decimal_comma(trim_spaces(number));
    number = trim_spaces(number);
    bool negative = false;
    if (!number.empty() && (number.front() == '+' || number.front() == '-')) {
        negative = number.front() == '-';
        number.remove_prefix(1);
    }
    // At most 30 digits: the mantissa stays below 10^30, and times a unit (below 10^12) below
    // the 1.7 x 10^38 a 128-bit integer holds.
    wide mantissa = 0;
    int places = 0;
    int digits = 0;
    bool seen_point = false;
    for (char c : number) {
        if (c == '.') {
            if (seen_point)
                throw ValueError(quoted(original) + " is not a number");
            seen_point = true;
            continue;
        }
        if (!std::isdigit(static_cast<unsigned char>(c))) {
            throw ValueError(quoted(original) + " is not a number");
        }
        if (++digits > 30)
            throw ValueError(quoted(original) + " has too many digits");
        mantissa = mantissa * 10 + (c - '0');
        if (seen_point)
            ++places;
    }
    if (digits == 0)
        throw ValueError(quoted(original) + " is not a number");
    // Trailing zeros after the point say nothing: "1.500000" is 1.5.
    while (places > 0 && mantissa % 10 == 0) {
        mantissa /= 10;
        --places;
    }
    // A unit holds at most 10^11 (a centimetre is 45 x 10^10 units): more places than 12, the
    // last not zero, cannot be exact.
    const auto inexact = [&] {
        return ValueError(quoted(original) + " " + std::string(unit_symbol(unit)) +
                          " has more decimal places than podcover represents exactly; round it");
    };
    if (places > 12)
        throw inexact();
    const wide scale = power_of_ten(places);
    if (mantissa / scale > max_read_units / units_per(unit)) {
        throw ValueError(
            quoted(std::string(trim_spaces(original)) + " " + std::string(unit_symbol(unit))) +
            " is too large for a length: podcover reads lengths up to 1,000,000 in");
    }
    // The mantissa is now below 10^20 (a whole part within reach, 12 places at most): times a
    // unit, below 10^32, well inside a 128-bit integer.
    const wide scaled = mantissa * units_per(unit);
    if (scaled % scale != 0)
        throw inexact();
    const wide units = scaled / scale;
    if (units > max_read_units) {
        throw ValueError(
            quoted(std::string(trim_spaces(original)) + " " + std::string(unit_symbol(unit))) +
            " is too large for a length: podcover reads lengths up to 1,000,000 in");
    }
    return Length(static_cast<rep>(negative ? -units : units));
}

std::optional<Length> Length::from_double(double value, Unit unit) {
    if (!std::isfinite(value))
        return std::nullopt;
    const double units = std::round(value * static_cast<double>(units_per(unit)));
    // max_read_units is far inside both a double's exact range of order and int64's.
    if (std::abs(units) > static_cast<double>(max_read_units))
        return std::nullopt;
    return Length(static_cast<rep>(units));
}

Length Length::parse(std::string_view text, std::optional<Unit> default_unit) {
    refuse_decimal_comma(trim_spaces(text));
    auto [number, unit_text] = split_number(text);
    std::optional<Unit> unit;
    if (unit_text.empty()) {
        unit = default_unit;
        if (!unit) {
            throw ValueError(quoted(trim_spaces(text)) + " has no unit: write it as " +
                             std::string(number.empty() ? "0.125" : number) + "in, " +
                             std::string(number.empty() ? "3.175" : number) + "mm or " +
                             std::string(number.empty() ? "9" : number) + "pt");
        }
    } else {
        unit = parse_unit(unit_text);
        if (!unit)
            throw ValueError(unknown_unit(trim_spaces(text), unit_text));
    }
    if (number.empty())
        throw ValueError(quoted(trim_spaces(text)) + " is not a length");
    return from_decimal(number, *unit);
}

std::string Length::format(Unit unit, int max_places) const {
    if (max_places < 0)
        max_places = 0;
    if (max_places > 12)
        max_places = 12;
    const rep per = units_per(unit);
    const bool negative = units_ < 0;
    const wide magnitude = negative ? -static_cast<wide>(units_) : static_cast<wide>(units_);
    const wide scale = power_of_ten(max_places);
    const wide numerator = magnitude * scale;
    wide quotient = numerator / per;
    if ((numerator % per) * 2 >= per)
        ++quotient;  // half away from zero

    wide whole = quotient / scale;
    wide fraction = quotient % scale;
    std::string whole_text;
    do {
        whole_text.insert(whole_text.begin(),
                          static_cast<char>('0' + static_cast<int>(whole % 10)));
        whole /= 10;
    } while (whole > 0);

    std::string fraction_text(static_cast<std::size_t>(max_places), '0');
    for (int i = max_places - 1; i >= 0; --i) {
        fraction_text[static_cast<std::size_t>(i)] =
            static_cast<char>('0' + static_cast<int>(fraction % 10));
        fraction /= 10;
    }
    while (!fraction_text.empty() && fraction_text.back() == '0')
        fraction_text.pop_back();

    std::string result;
    if (negative && (quotient != 0))
        result += '-';
    result += whole_text;
    if (!fraction_text.empty())
        result += "." + fraction_text;
    return result;
}

std::string Length::format_with_unit(Unit unit, int max_places) const {
    return format(unit, max_places) + " " + std::string(unit_symbol(unit));
}

Length Length::rounded_half_up(Length step) const {
    const rep s = step.units_;
    if (s <= 0)
        return *this;
    rep quotient = units_ / s;
    rep remainder = units_ % s;
    if (remainder < 0) {  // floor division
        remainder += s;
        --quotient;
    }
    if (remainder * 2 >= s)
        ++quotient;
    return Length(quotient * s);
}

Size Size::parse(std::string_view text, std::optional<Unit> default_unit) {
    // Accept the multiplication sign as well as x.
    std::string normal;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text.substr(i, 2) == "\xC3\x97") {
            normal += 'x';
            ++i;
        } else {
            normal += text[i];
        }
    }
    const std::string_view whole = trim_spaces(normal);
    refuse_decimal_comma(whole);
    const auto cut = whole.find_first_of("xX");
    if (cut == std::string_view::npos) {
        throw ValueError(quoted(whole) + " is not a size: write width x height with a unit, " +
                         "for example 6x9in or 152.4x228.6mm");
    }
    const auto [width_number, width_unit_text] = split_number(whole.substr(0, cut));
    const auto [height_number, height_unit_text] = split_number(whole.substr(cut + 1));
    if (width_number.empty() || height_number.empty()) {
        throw ValueError(quoted(whole) + " is not a size: write width x height with a unit, " +
                         "for example 6x9in or 152.4x228.6mm");
    }
    std::optional<Unit> height_unit = default_unit;
    if (!height_unit_text.empty()) {
        height_unit = parse_unit(height_unit_text);
        if (!height_unit)
            throw ValueError(unknown_unit(whole, height_unit_text));
    }
    std::optional<Unit> width_unit = height_unit;
    if (!width_unit_text.empty()) {
        width_unit = parse_unit(width_unit_text);
        if (!width_unit)
            throw ValueError(unknown_unit(whole, width_unit_text));
        if (height_unit_text.empty())
            height_unit = width_unit;
    }
    if (!width_unit || !height_unit) {
        throw ValueError(quoted(whole) + " has no unit: write it as " + std::string(width_number) +
                         "x" + std::string(height_number) + "in or " + std::string(width_number) +
                         "x" + std::string(height_number) + "mm");
    }
    Size size{Length::from_decimal(width_number, *width_unit),
              Length::from_decimal(height_number, *height_unit)};
    if (size.width <= Length() || size.height <= Length()) {
        throw ValueError(quoted(whole) + " is not a size: width and height must be positive");
    }
    return size;
}

std::string Size::format(Unit unit, int max_places) const {
    return width.format(unit, max_places) + " \xC3\x97 " + height.format(unit, max_places) + " " +
           std::string(unit_symbol(unit));
}

bool Size::near(const Size& other, Length tolerance) const {
    return abs(width - other.width) <= tolerance && abs(height - other.height) <= tolerance;
}

}  // namespace podcover
