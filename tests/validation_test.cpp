// Every refusal, with the printer's numbers and the nearest valid choice.
#include "support.hpp"

using namespace podcover;
using podcover::test::has_code;
using podcover::test::lay_out;

namespace {
std::string only_error(const LayoutResult& result, const std::string& code) {
    INFO(test::messages(result.errors));
    REQUIRE_FALSE(result.layout);
    REQUIRE(result.errors.size() == 1);
    CHECK(result.errors[0].code == code);
    CHECK(result.errors[0].severity == Severity::error);
    CHECK(result.errors[0].message.find('\n') == std::string::npos);
    return result.errors[0].message;
}
}  // namespace

TEST_CASE("a binding the printer does not offer", "[validation]") {
    const auto message = only_error(lay_out("kdp", Binding::dust_jacket, "6x9in", 300, "white"),
                                    "binding-not-offered");
    CHECK(message == "KDP does not offer dust-jacket; it offers paperback and case-laminate");
}

TEST_CASE("an unknown paper lists the printer's papers", "[validation]") {
    const auto message =
        only_error(lay_out("kdp", Binding::paperback, "6x9in", 300, "whte"), "unknown-paper");
    CHECK_THAT(
        message,
        Catch::Contains("KDP has no paper 'whte'") &&
            Catch::Contains("white, cream (creme), groundwood, standard-color and premium-color") &&
            Catch::Contains("did you mean white?"));
    // IngramSpark's 70# white is not a KDP paper.
    CHECK(only_error(lay_out("kdp", Binding::paperback, "6x9in", 300, "white-70"), "unknown-paper")
              .size() > 0);
}

TEST_CASE("a paper the binding does not use", "[validation]") {
    const auto message =
        only_error(lay_out("kdp", Binding::case_laminate, "6x9in", 300, "standard-color"),
                   "paper-not-offered");
    CHECK_THAT(message,
               Catch::Contains("KDP does not offer case-laminate on standard-color paper") &&
                   Catch::Contains("white, cream (creme) and premium-color"));
}

TEST_CASE("a paper not offered on that trim names what is, and the nearest trim with it",
          "[validation]") {
    const auto message =
        only_error(lay_out("ingramspark", Binding::paperback, "8.5x11in", 300, "cream"),
                   "paper-not-offered-for-trim");
    CHECK_THAT(
        message,
        Catch::Contains("IngramSpark does not offer 8.5 \xC3\x97 11 in paperback on cream paper") &&
            Catch::Contains("white, standard-color and premium-color") &&
            Catch::Contains("nearest trim with cream"));
    // KDP offers no standard color on A4.
    only_error(lay_out("kdp", Binding::paperback, "8.27x11.69in", 300, "standard-color"),
               "paper-not-offered-for-trim");
}

TEST_CASE("a trim not offered lists the trims and the nearest", "[validation]") {
    const auto message = only_error(lay_out("kdp", Binding::case_laminate, "5x8in", 300, "white"),
                                    "trim-not-offered");
    CHECK(
        message ==
        "KDP does not offer a 5 \xC3\x97 8 in case-laminate; it offers 5.5 \xC3\x97 8.5, 6 "
        "\xC3\x97 9, "
        "6.14 \xC3\x97 9.21, 7 \xC3\x97 10 and 8.25 \xC3\x97 11 in; nearest: 5.5 \xC3\x97 8.5 in");
    // Outside KDP's custom range (4-8.5 x 6-11.69 in).
    const auto custom =
        only_error(lay_out("kdp", Binding::paperback, "3x5in", 100, "white"), "trim-not-offered");
    CHECK_THAT(custom,
               Catch::Contains("or any size from 4 \xC3\x97 6 in to 8.5 \xC3\x97 11.69 in") &&
                   Catch::Contains("podcover printers --printer kdp lists them"));
}

TEST_CASE("a custom trim takes the limits of the smallest listed trim that contains it",
          "[validation]") {
    const auto result = lay_out("kdp", Binding::paperback, "6.2x9in", 300, "white");
    REQUIRE(result.layout);
    CHECK(result.layout->custom_trim);
    CHECK(has_code(result.layout->notes, "custom-trim"));
    // IngramSpark offers creme only on trims up to 6.14 x 9.21 in, so an 8 x 10 in custom creme
    // book has no listed limits to borrow.
    only_error(lay_out("ingramspark", Binding::paperback, "8x10.5in", 300, "cream"),
               "custom-trim-unknown-limits");
}

TEST_CASE("page counts outside the printer's range give the range and the nearest count",
          "[validation]") {
    const auto message =
        only_error(lay_out("kdp", Binding::paperback, "6x9in", 900, "white"), "pages-out-of-range");
    CHECK(message ==
          "KDP paperback on white paper at 6 \xC3\x97 9 in takes 24\xE2\x80\x93"
          "828 pages, not 900; nearest: 828");
    only_error(lay_out("kdp", Binding::paperback, "6x9in", 60, "standard-color"),
               "pages-out-of-range");  // 72-600
    only_error(lay_out("kdp", Binding::case_laminate, "6x9in", 75, "white"),
               "pages-out-of-range");  // DECIDED 76
    CHECK(lay_out("kdp", Binding::case_laminate, "6x9in", 76, "white").layout);
    only_error(lay_out("kdp", Binding::paperback, "8.5x11in", 600, "white"),
               "pages-out-of-range");  // 24-590
    only_error(lay_out("ingramspark", Binding::paperback, "11x8.5in", 402, "premium-color"),
               "pages-out-of-range");
    CHECK(lay_out("ingramspark", Binding::paperback, "11x8.5in", 400, "premium-color").layout);
    only_error(lay_out("ingramspark", Binding::paperback, "6x9in", 16, "white"),
               "pages-out-of-range");
    only_error(lay_out("ingramspark", Binding::paperback, "6x9in", 902, "groundwood"),
               "pages-out-of-range");
    only_error(lay_out("kdp", Binding::paperback, "6x9in", 0, "white"), "invalid-page-count");
}

TEST_CASE("every problem is reported, not just the first", "[validation]") {
    const auto result = lay_out("kdp", Binding::case_laminate, "5x8in", 0, "blue");
    REQUIRE_FALSE(result.layout);
    CHECK(has_code(result.errors, "unknown-paper"));
    CHECK(has_code(result.errors, "invalid-page-count"));
    CHECK(has_code(result.errors, "trim-not-offered"));
}

TEST_CASE("UNVERIFIED numbers in use become notes", "[validation][notes]") {
    const Layout groundwood =
        test::layout_of("kdp", Binding::paperback, "6x9in", 300, "groundwood");
    CHECK_THAT(
        test::messages(groundwood.notes),
        Catch::Contains("paperback spine on groundwood per page (0.00235 in) is UNVERIFIED") &&
            Catch::Contains("[KDP-CALC]") &&
            Catch::Contains("groundwood limits were read for 5 x 8 in only"));
    // On 5 x 8 in the groundwood limits were read: no note about them there.
    const Layout five_by_eight =
        test::layout_of("kdp", Binding::paperback, "5x8in", 300, "groundwood");
    CHECK_THAT(test::messages(five_by_eight.notes), !Catch::Contains("limits were read"));
    // KDP white paperback uses no UNVERIFIED number.
    CHECK(test::layout_of("kdp", Binding::paperback, "6x9in", 300, "white").notes.empty());
    // KDP hardcover barcode placement is partly unverified.
    CHECK_THAT(
        test::messages(test::layout_of("kdp", Binding::case_laminate, "6x9in", 300, "white").notes),
        Catch::Contains("barcode distance from the bottom (0.375 in) is UNVERIFIED"));
}
