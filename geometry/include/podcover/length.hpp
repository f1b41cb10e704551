// Exact lengths for cover geometry.
//
// Printer numbers come in inches (KDP's 0.002252 in per page), millimetres (KDP's 15 mm
// hardcover wrap) and points (PDF boxes); authors also write centimetres (1 cm = 10 mm).
// Adding them in floating point drifts: 2 x 6 in + 300 x 0.002252 in + 0.25 in is not
// 12.9256 in a double. A Length is therefore a whole number of units, one unit being
// 1/1,143,000,000,000 in (about 0.02 nm): the smallest length in which every decimal of inches
// and millimetres to 9 places (centimetres to 10) and of points to 6 places is a whole number
// (1,143,000,000,000 = 2^9 * 3^2 * 5^9 * 127, and 1 in = 2.54 cm = 25.4 mm = 72 pt).
// The range is about +/- 8 million inches; podcover reads (from text or from a number) lengths of
// at most 1,000,000 in, so that the sums and differences a layout makes of a few of them
// cannot leave the range.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace podcover {

enum class Unit { in, mm, pt, cm };

// "in", "mm", "pt", "cm".
std::string_view unit_symbol(Unit unit);
// Accepts "in", "mm", "pt", "cm" in any case (and "inch", "inches", "\"", "millimetres",
// "points", "centimetres", with the American spellings).
std::optional<Unit> parse_unit(std::string_view text);
// "in, cm, mm or pt": the units a length may be written in, for messages.
std::string_view unit_choices();

class Length {
  public:
    using rep = std::int64_t;
    static constexpr rep units_per_in = 1'143'000'000'000;
    static constexpr rep units_per_mm = units_per_in * 10 / 254;  // 45,000,000,000
    static constexpr rep units_per_pt = units_per_in / 72;        // 15,875,000,000
    static constexpr rep units_per_cm = units_per_mm * 10;        // 450,000,000,000
    static_assert(units_per_mm * 254 == units_per_in * 10);
    static_assert(units_per_pt * 72 == units_per_in);
    static_assert(units_per_cm * 254 == units_per_in * 100);
    // The largest magnitude from_decimal, parse and from_double accept: 1,000,000 in.
    static constexpr rep max_read_units = 1'000'000 * units_per_in;

    static constexpr rep units_per(Unit unit) {
        switch (unit) {
            case Unit::in:
                return units_per_in;
            case Unit::mm:
                return units_per_mm;
            case Unit::pt:
                return units_per_pt;
            case Unit::cm:
                return units_per_cm;
        }
        return units_per_in;
    }

    constexpr Length() = default;
    static constexpr Length from_units(rep units) { return Length(units); }
    static constexpr Length from_in(rep whole_inches) {
        return Length(whole_inches * units_per_in);
    }
    static constexpr Length from_mm(rep whole_mm) { return Length(whole_mm * units_per_mm); }
    static constexpr Length from_pt(rep whole_pt) { return Length(whole_pt * units_per_pt); }
    // A decimal number ("0.125", "-3", "152.4") in the given unit, exactly. Throws ValueError
    // when the text is not a plain decimal (a decimal comma is named as such), has more
    // places than a unit can hold, or is beyond max_read_units.
    static Length from_decimal(std::string_view number, Unit unit);
    // The length nearest to `value` in `unit` (to a whole unit), or nothing when the value is
    // not finite (NaN, infinity) or beyond max_read_units: for numbers read from files (PDF
    // boxes, font metrics), whose range nothing else checks.
    static std::optional<Length> from_double(double value, Unit unit);
    // A number with its unit: "0.125in", "15 mm", "9pt". Throws ValueError. When the text
    // has no unit, `default_unit` is used if given, otherwise it is an error.
    static Length parse(std::string_view text, std::optional<Unit> default_unit = std::nullopt);

    constexpr rep units() const { return units_; }
    double in() const { return to(Unit::in); }
    double mm() const { return to(Unit::mm); }
    double pt() const { return to(Unit::pt); }
    // The nearest double. Exact integers divide correctly rounded, so 0.6756 in gives the
    // double nearest to 0.6756.
    double to(Unit unit) const {
        return static_cast<double>(units_) / static_cast<double>(units_per(unit));
    }

    // Decimal text in `unit`, rounded half away from zero to at most `max_places` places,
    // trailing zeros dropped ("0.6756", "12.385", "9"). The same in every locale.
    std::string format(Unit unit, int max_places) const;
    // format() followed by a space and the unit symbol: "0.125 in".
    std::string format_with_unit(Unit unit, int max_places) const;

    // Whether this length is a whole multiple of `step`.
    constexpr bool is_multiple_of(Length step) const {
        return step.units_ != 0 && units_ % step.units_ == 0;
    }
    // Rounded half up (towards +infinity on ties) to a multiple of `step`.
    Length rounded_half_up(Length step) const;

    constexpr Length operator-() const { return Length(-units_); }
    constexpr Length& operator+=(Length other) {
        units_ += other.units_;
        return *this;
    }
    constexpr Length& operator-=(Length other) {
        units_ -= other.units_;
        return *this;
    }
    friend constexpr Length operator+(Length a, Length b) { return Length(a.units_ + b.units_); }
    friend constexpr Length operator-(Length a, Length b) { return Length(a.units_ - b.units_); }
    friend constexpr Length operator*(Length a, rep n) { return Length(a.units_ * n); }
    friend constexpr Length operator*(rep n, Length a) { return Length(a.units_ * n); }
    // Division by a count, truncated toward zero to a whole unit (0.02 nm): used only to
    // halve or share out a length, never to compute a printer number.
    friend constexpr Length operator/(Length a, rep n) { return Length(a.units_ / n); }
    friend constexpr auto operator<=>(Length a, Length b) = default;
    friend constexpr bool operator==(Length a, Length b) = default;

  private:
    constexpr explicit Length(rep units) : units_(units) {}
    rep units_ = 0;
};

constexpr Length abs(Length length) {
    return length < Length() ? -length : length;
}
constexpr Length min(Length a, Length b) {
    return a < b ? a : b;
}
constexpr Length max(Length a, Length b) {
    return a < b ? b : a;
}

namespace detail {
// Parses a decimal literal's characters at compile time; an inexact or malformed literal
// is a compile error (the throw is not a constant expression).
template <char... chars>
consteval Length::rep literal_units(Length::rep units_per_whole) {
    constexpr char text[] = {chars...};
    Length::rep whole = 0;
    Length::rep fraction = 0;
    Length::rep fraction_scale = 1;
    bool in_fraction = false;
    for (char c : text) {
        if (c == '\'')
            continue;
        if (c == '.') {
            if (in_fraction)
                throw "two decimal points in a length literal";
            in_fraction = true;
            continue;
        }
        if (c < '0' || c > '9')
            throw "a length literal takes only digits and one point";
        if (in_fraction) {
            fraction = fraction * 10 + (c - '0');
            fraction_scale *= 10;
        } else {
            whole = whole * 10 + (c - '0');
        }
    }
    if ((fraction * units_per_whole) % fraction_scale != 0)
        throw "length literal is not exact";
    return whole * units_per_whole + fraction * units_per_whole / fraction_scale;
}
}  // namespace detail

// Exact length literals: 0.125_in, 15_mm, 72_pt.
namespace literals {
template <char... chars>
consteval Length operator""_in() {
    return Length::from_units(detail::literal_units<chars...>(Length::units_per_in));
}
template <char... chars>
consteval Length operator""_mm() {
    return Length::from_units(detail::literal_units<chars...>(Length::units_per_mm));
}
template <char... chars>
consteval Length operator""_pt() {
    return Length::from_units(detail::literal_units<chars...>(Length::units_per_pt));
}
}  // namespace literals

// A width and a height.
struct Size {
    Length width;
    Length height;

    // "6x9in", "152.4x228.6mm", "6 x 9 in", "6×9in", "6in x 9in", "15x23cm", "6X9IN". Throws
    // ValueError.
    static Size parse(std::string_view text, std::optional<Unit> default_unit = std::nullopt);
    // "6 × 9 in" with at most `max_places` decimals.
    std::string format(Unit unit, int max_places) const;
    // Both sides within `tolerance` of the other size's.
    bool near(const Size& other, Length tolerance) const;
    bool contains(const Size& other) const {
        return width >= other.width && height >= other.height;
    }

    friend bool operator==(const Size&, const Size&) = default;
};

}  // namespace podcover
