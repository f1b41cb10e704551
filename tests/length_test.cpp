#include <catch2/catch.hpp>

#include <cmath>

#include "podcover/errors.hpp"
#include "podcover/layout.hpp"
#include "podcover/length.hpp"
#include "podcover/rect.hpp"

using namespace podcover;
using namespace podcover::literals;

TEST_CASE("one inch is 25.4 mm and 72 pt exactly", "[length]") {
    CHECK(Length::from_in(1) == 25.4_mm);
    CHECK(Length::from_in(1) == 72_pt);
    CHECK(Length::parse("152.4mm") == Length::from_in(6));
    CHECK(Length::parse("648pt") == Length::from_in(9));
    CHECK(15_mm == Length::from_mm(15));
}

TEST_CASE("decimal sums do not drift", "[length]") {
    Length sum;
    for (int i = 0; i < 10; ++i)
        sum += 0.1_in;
    CHECK(sum == Length::from_in(1));
    // The KDP worked example: 2 x 6 in + 300 x 0.002252 in + 0.25 in is exactly 12.9256 in.
    CHECK(Length::from_in(12) + 0.002252_in * 300 + 0.25_in == 12.9256_in);
    CHECK((0.002252_in * 300).format(Unit::in, 9) == "0.6756");
}

TEST_CASE("lengths parse with their unit", "[length]") {
    CHECK(Length::parse("0.125in") == 0.125_in);
    CHECK(Length::parse(" 0.125 in ") == 0.125_in);
    CHECK(Length::parse("3.175mm") == 0.125_in);
    CHECK(Length::parse("9pt") == 0.125_in);
    CHECK(Length::parse("-0.185in") == -(0.185_in));
    CHECK(Length::parse("2", Unit::mm) == 2_mm);
    CHECK(Length::parse(".5in") == 0.5_in);
}

TEST_CASE("malformed lengths are refused with the fix", "[length][errors]") {
    CHECK_THROWS_WITH(Length::parse("0.125"),
                      Catch::Contains("has no unit") && Catch::Contains("0.125in"));
    CHECK_THROWS_WITH(Length::parse("0.125yd"),
                      Catch::Contains("unknown unit 'yd': use in, cm, mm or pt"));
    CHECK_THROWS_WITH(Length::parse("in"), Catch::Contains("is not a length"));
    CHECK_THROWS_WITH(Length::parse("1.2.3in"), Catch::Contains("is not a number"));
    CHECK_THROWS_AS(Length::parse("0.0000000001in"), ValueError);  // 10 places: not exact
    CHECK_THROWS_AS(Length::parse("99999999999in"), ValueError);   // out of range
}

TEST_CASE("huge numbers are refused, never wrapped to a plausible length", "[length][hostile]") {
    // 297709857323655698568131766 in overflowed a 128-bit product and read as 0.9678 in.
    CHECK_THROWS_WITH(Size::parse("297709857323655698568131766x9in"),
                      Catch::Contains("'297709857323655698568131766 in' is too large") &&
                          Catch::Contains("up to 1,000,000 in"));
    CHECK_THROWS_WITH(Length::parse("999999999999999999999999999999mm"),
                      Catch::Contains("too large"));
    CHECK_THROWS_WITH(Length::parse("1000000.5in"), Catch::Contains("too large"));
    CHECK_THROWS_WITH(Length::parse("-25400000.001mm"), Catch::Contains("too large"));
    CHECK(Length::parse("1000000in") == Length::from_in(1'000'000));
    CHECK(Length::parse("-25400000mm") == -Length::from_in(1'000'000));
    // Trailing zeros are no places: 27 of them still make one inch.
    CHECK(Length::parse("1.000000000000000000000000000in") == Length::from_in(1));
    CHECK_THROWS_WITH(Length::parse("0.00000000000001in"), Catch::Contains("more decimal places"));
    CHECK_THROWS_WITH(Length::parse("1.0000000000000000000000000001in"),
                      Catch::Contains("more decimal places"));
    CHECK_THROWS_WITH(Length::parse("1234567890123456789012345678901in"),
                      Catch::Contains("too many digits"));
}

TEST_CASE("numbers from files become lengths only when finite and within reach",
          "[length][hostile]") {
    CHECK(Length::from_double(72.0, Unit::pt) == Length::from_in(1));
    CHECK(Length::from_double(-0.125, Unit::in) == -(0.125_in));
    CHECK(Length::from_double(152.4, Unit::mm) == Length::from_in(6));
    CHECK_FALSE(Length::from_double(std::nan(""), Unit::pt));
    CHECK_FALSE(Length::from_double(HUGE_VAL, Unit::pt));
    CHECK_FALSE(Length::from_double(-HUGE_VAL, Unit::in));
    CHECK_FALSE(Length::from_double(1e30, Unit::pt));
    CHECK_FALSE(Length::from_double(1'000'000.5, Unit::in));
    CHECK(Length::from_double(1'000'000.0, Unit::in) == Length::from_in(1'000'000));
}

TEST_CASE("an inch fraction of a long length does not overflow", "[length][hostile]") {
    CHECK(format_inch_fraction(0.125_in) == "1/8 in");
    // 200,000 in x 64 in units passed int64's range.
    CHECK(format_inch_fraction(Length::from_in(200'000)) == "200000 in");
}

TEST_CASE("centimetres are ten millimetres exactly", "[length][cm]") {
    CHECK(Length::parse("1cm") == 10_mm);
    CHECK(Length::parse("2.54cm") == Length::from_in(1));
    CHECK(Length::parse("0.3175cm") == 0.125_in);
    CHECK(Length::units_per(Unit::cm) == 450'000'000'000);
    // Every decimal of centimetres to 10 places is exact: 1e-10 cm is 1e-9 mm.
    CHECK(Length::parse("0.0000000001cm") == Length::parse("0.000000001mm"));
    CHECK_THROWS_AS(Length::parse("0.00000000001cm"), ValueError);
    CHECK(Length::parse("3 centimetres") == 30_mm);
    CHECK(Length::parse("3 centimeters") == 30_mm);
    CHECK((0.6756_in).format_with_unit(Unit::cm, 3) == "1.716 cm");
    CHECK(unit_symbol(Unit::cm) == "cm");
}

TEST_CASE("units are read in any case", "[length][units]") {
    CHECK(Length::parse("0.125IN") == 0.125_in);
    CHECK(Length::parse("0.125In") == 0.125_in);
    CHECK(Length::parse("3.175 MM") == 0.125_in);
    CHECK(Length::parse("9PT") == 0.125_in);
    CHECK(Length::parse("1 Inch") == 1_in);
    CHECK(parse_unit("CM") == Unit::cm);
    CHECK(parse_unit("Millimetres") == Unit::mm);
    CHECK_FALSE(parse_unit("ft").has_value());
}

TEST_CASE("a decimal comma is named, with the number written with a point", "[length][errors]") {
    CHECK_THROWS_WITH(Length::parse("0,125in"),
                      "'0,125in' has a decimal comma; write a decimal point: 0.125in");
    CHECK_THROWS_WITH(Length::from_decimal("3,175", Unit::mm),
                      "'3,175' has a decimal comma; write a decimal point: 3.175");
    CHECK_THROWS_WITH(Size::parse("6,14x9,21in"),
                      "'6,14x9,21in' has a decimal comma; write a decimal point: 6.14x9.21in");
    CHECK_THROWS_WITH(Size::parse("15,24 x 22,86 cm"),
                      Catch::Contains("write a decimal point: 15.24 x 22.86 cm"));
    // A comma that is not between digits is no decimal comma.
    CHECK_THROWS_WITH(Size::parse("6x9in,"), Catch::Contains("unknown unit 'in,'"));
}

TEST_CASE("lengths format half away from zero, trailing zeros dropped", "[length]") {
    CHECK((0.6756_in).format(Unit::in, 4) == "0.6756");
    CHECK((0.6756_in).format(Unit::in, 3) == "0.676");
    CHECK((0.0005_in).format(Unit::in, 3) == "0.001");
    CHECK((-(0.0005_in)).format(Unit::in, 3) == "-0.001");
    CHECK(Length::from_in(9).format(Unit::in, 4) == "9");
    CHECK((0.0466_in).format(Unit::mm, 2) == "1.18");
    CHECK(Length::from_in(1).format_with_unit(Unit::pt, 2) == "72 pt");
    CHECK(Length().format(Unit::in, 3) == "0");
}

TEST_CASE("rounding half up to a step", "[length]") {
    CHECK((0.6288_in).rounded_half_up(0.001_in) == 0.629_in);
    CHECK((0.1325_in).rounded_half_up(0.001_in) == 0.133_in);  // a tie goes up
    CHECK((0.3353_in).rounded_half_up(0.001_in) == 0.335_in);
    CHECK((-(0.0015_in)).rounded_half_up(0.001_in) == -(0.001_in));
}

TEST_CASE("sizes parse in every accepted form", "[length]") {
    const Size six_by_nine{Length::from_in(6), Length::from_in(9)};
    CHECK(Size::parse("6x9in") == six_by_nine);
    CHECK(Size::parse("6 x 9 in") == six_by_nine);
    CHECK(Size::parse("6X9in") == six_by_nine);
    CHECK(Size::parse("6\xC3\x97"
                      "9in") == six_by_nine);
    CHECK(Size::parse("6in x 9in") == six_by_nine);
    CHECK(Size::parse("152.4x228.6mm") == six_by_nine);
    CHECK(Size::parse("432x648pt") == six_by_nine);
    CHECK(Size::parse("15.24x22.86cm") == six_by_nine);
    CHECK(Size::parse("6X9IN") == six_by_nine);
    CHECK(Size::parse("152.4X228.6MM") == six_by_nine);
    CHECK(Size::parse("6in x 22.86cm") == six_by_nine);
    CHECK(six_by_nine.format(Unit::in, 4) == "6 \xC3\x97 9 in");
    CHECK_THROWS_WITH(Size::parse("6x9"),
                      Catch::Contains("has no unit") && Catch::Contains("6x9in"));
    CHECK_THROWS_WITH(Size::parse("6in"), Catch::Contains("is not a size"));
    CHECK_THROWS_WITH(Size::parse("0x9in"), Catch::Contains("must be positive"));
    CHECK_THROWS_WITH(Size::parse("6x9yd"), Catch::Contains("unknown unit 'yd'"));
}

TEST_CASE("rectangles", "[length]") {
    const Rect outer{Length(), Length(), Length::from_in(10), Length::from_in(5)};
    const Rect inner = outer.inset(1_in);
    CHECK(inner == Rect{1_in, 1_in, 8_in, 3_in});
    CHECK(outer.contains(inner));
    CHECK_FALSE(inner.contains(outer));
    CHECK(outer.overlaps(inner));
    const Rect beside{Length::from_in(10), Length(), 1_in, 1_in};
    CHECK_FALSE(outer.overlaps(beside));  // touching edges share no area
    CHECK(outer.intersection(inner) == inner);
}

#include "podcover/names.hpp"

TEST_CASE("the nearest known name to a misspelt one", "[names]") {
    const std::vector<std::string> known = {"title", "subtitle", "trim", "pages", "paper"};
    CHECK(nearest_name("titel", known) == "title");  // a swap is one edit
    CHECK(nearest_name("Pages", known) == "pages");  // case does not count
    CHECK(nearest_name("papr", known) == "paper");
    CHECK_FALSE(nearest_name("colour", known).has_value());  // nothing close
    CHECK(join_names({"a", "b", "c"}) == "a, b and c");
    CHECK(join_names({"a", "b"}, "or") == "a or b");
    CHECK(join_names({"a"}) == "a");
}
