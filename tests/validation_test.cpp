// Every refusal, with the printer's numbers and the nearest valid choice.
#include "support.hpp"

using namespace podcover;
using namespace podcover::literals;
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
    // KDP's table does not list standard color on A4, but its Cover Calculator makes A4
    // standard-color templates [KDP-CALC]: offered.
    CHECK(lay_out("kdp", Binding::paperback, "8.27x11.69in", 300, "standard-color").layout);
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

TEST_CASE("the nearest trim may be a custom size within the printer's range", "[validation]") {
    // KDP paperback takes custom trims from 4 x 6 in [KDP-H, CS]: nearer to 4 x 4 in than any
    // listed trim.
    const auto kdp =
        only_error(lay_out("kdp", Binding::paperback, "4x4in", 300, "white"), "trim-not-offered");
    CHECK_THAT(kdp, Catch::EndsWith("; nearest: 4 \xC3\x97 6 in (custom)"));
    REQUIRE(lay_out("kdp", Binding::paperback, "4x6in", 300, "white").layout);
    // IngramSpark lists 4 x 6 in itself.
    CHECK_THAT(only_error(lay_out("ingramspark", Binding::paperback, "4x4in", 300, "white"),
                          "trim-not-offered"),
               Catch::EndsWith("; nearest: 4 \xC3\x97 6 in"));
    // Too wide and too tall: the nearest custom size is the range's corner, 8.5 x 11.69 in,
    // but no listed trim contains it (so it has no limits); a listed trim is nearer than any
    // custom size that has.
    const auto huge = only_error(lay_out("kdp", Binding::paperback, "600x900in", 300, "white"),
                                 "trim-not-offered");
    CHECK_THAT(huge, Catch::EndsWith("; nearest: 8.27 \xC3\x97 11.69 in"));
    // 7 x 12 in: the nearest size KDP lays out is 7 x 11.69 in, inside A4 (8.27 x 11.69 in).
    const auto tall =
        only_error(lay_out("kdp", Binding::paperback, "7x12in", 300, "white"), "trim-not-offered");
    CHECK_THAT(tall, Catch::EndsWith("; nearest: 7 \xC3\x97 11.69 in (custom)"));
    REQUIRE(lay_out("kdp", Binding::paperback, "7x11.69in", 300, "white").layout);
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
    only_error(lay_out("kdp", Binding::paperback, "6x9in", 601, "standard-color"),
               "pages-out-of-range");  // 24-600, 24-71 UNVERIFIED
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

TEST_CASE("standard color below KDP's table is accepted with a note naming the evidence",
          "[validation][notes][kdp-calc]") {
    // The table says 72-600 [KDP-H]; KDP's Cover Calculator made a 68-page standard-color
    // template [KDP-CALC], and 24 is the minimum on every other paper.
    const Layout sixty_eight =
        test::layout_of("kdp", Binding::paperback, "6x9in", 68, "standard-color");
    REQUIRE(sixty_eight.notes.size() == 1);
    CHECK(sixty_eight.notes[0].severity == Severity::note);
    CHECK(sixty_eight.notes[0].code == "unverified");
    CHECK(sixty_eight.notes[0].message ==
          "68 pages on standard-color (outside the page range 72\xE2\x80\x93"
          "600 pages, inside the accepted 24\xE2\x80\x93"
          "600 pages) is UNVERIFIED: the table's minimum is 72, but KDP's Cover Calculator made "
          "a 68-page standard-color template (A4, 2025); 24 is KDP's paperback minimum on every "
          "other paper [KDP-CALC, KDP-H]");
    CHECK(sixty_eight.spine_width == 0.153136_in);  // 68 x 0.002252
    CHECK(test::has_code(
        test::layout_of("kdp", Binding::paperback, "6x9in", 24, "standard-color").notes,
        "unverified"));
    // From 72 on, the table's own range: nothing to say.
    CHECK(test::layout_of("kdp", Binding::paperback, "6x9in", 72, "standard-color").notes.empty());
    CHECK(test::layout_of("kdp", Binding::paperback, "6x9in", 600, "standard-color").notes.empty());

    // Outside what is accepted: refused, with the range, its UNVERIFIED part and the nearest.
    CHECK(only_error(lay_out("kdp", Binding::paperback, "6x9in", 23, "standard-color"),
                     "pages-out-of-range") ==
          "KDP paperback on standard-color paper at 6 \xC3\x97 9 in takes 24\xE2\x80\x93"
          "600 pages (24\xE2\x80\x93"
          "71 UNVERIFIED), not 23; nearest: 24");
    CHECK(only_error(lay_out("kdp", Binding::paperback, "6x9in", 601, "standard-color"),
                     "pages-out-of-range") ==
          "KDP paperback on standard-color paper at 6 \xC3\x97 9 in takes 24\xE2\x80\x93"
          "600 pages (24\xE2\x80\x93"
          "71 UNVERIFIED), not 601; nearest: 600");
    CHECK_THAT(only_error(lay_out("kdp", Binding::paperback, "8.27x11.69in", 601, "standard-color"),
                          "pages-out-of-range"),
               Catch::EndsWith("not 601; nearest: 600"));
    // Other papers are as the table says.
    CHECK_THAT(
        only_error(lay_out("kdp", Binding::paperback, "6x9in", 23, "white"), "pages-out-of-range"),
        Catch::Contains("takes 24\xE2\x80\x93"
                        "828 pages, not 23"));
}

TEST_CASE("accepted_pages says which page counts a printer takes", "[validation][accepted-pages]") {
    const auto& kdp = test::printer("kdp");
    const auto color = accepted_pages(kdp, Binding::paperback, Size{6_in, 9_in}, "standard-color");
    REQUIRE(color);
    CHECK(color->reference_trim == Size{6_in, 9_in});
    CHECK_FALSE(color->custom_trim);
    CHECK(color->stated.value.min == 72);
    CHECK(color->stated.value.max == 600);
    CHECK(color->stated.source.tags == "KDP-H");
    CHECK(color->stated.source.evidence == Evidence::sourced);
    CHECK(color->accepted.value.min == 24);
    CHECK(color->accepted.value.max == 600);
    CHECK(color->accepted.source.tags == "KDP-CALC, KDP-H");
    CHECK(color->accepted.source.evidence == Evidence::unverified);
    REQUIRE(color->beyond_stated().size() == 1);
    CHECK(color->beyond_stated()[0].min == 24);
    CHECK(color->beyond_stated()[0].max == 71);
    CHECK(color->accepts(24));
    CHECK_FALSE(color->accepts(23));

    // An alias, and a paper with nothing beyond its stated range.
    const auto cream = accepted_pages(kdp, Binding::paperback, Size{6_in, 9_in}, "creme");
    REQUIRE(cream);
    CHECK(cream->accepted.value.min == 24);
    CHECK(cream->accepted.value.max == 776);
    CHECK(cream->beyond_stated().empty());

    // A4 in standard color: offered on [KDP-CALC] evidence alone.
    const auto a4 =
        accepted_pages(kdp, Binding::paperback, Size{8.27_in, 11.69_in}, "standard-color");
    REQUIRE(a4);
    CHECK(a4->stated.source.evidence == Evidence::unverified);
    CHECK(a4->accepted.value.min == 24);

    // A listed trim in other units; a custom trim borrows the smallest listed trim around it.
    const auto metric = accepted_pages(kdp, Binding::paperback, Size::parse("156x234mm"), "white");
    REQUIRE(metric);
    CHECK(metric->reference_trim == Size{6.14_in, 9.21_in});
    const auto custom = accepted_pages(kdp, Binding::paperback, Size{6.2_in, 9_in}, "white");
    REQUIRE(custom);
    CHECK(custom->custom_trim);
    CHECK(custom->reference_trim == Size{6.69_in, 9.61_in});
    CHECK(custom->accepted.value.max == 828);

    // Nothing where compute_layout refuses the trim, paper or binding.
    CHECK_FALSE(accepted_pages(kdp, Binding::case_laminate, Size{6_in, 9_in}, "standard-color"));
    CHECK_FALSE(accepted_pages(kdp, Binding::dust_jacket, Size{6_in, 9_in}, "white"));
    CHECK_FALSE(accepted_pages(kdp, Binding::paperback, Size{3_in, 5_in}, "white"));
    CHECK_FALSE(accepted_pages(kdp, Binding::paperback, Size{6_in, 9_in}, "blue"));
    CHECK_FALSE(accepted_pages(test::printer("ingramspark"), Binding::paperback,
                               Size{8.5_in, 11_in}, "cream"));
    CHECK_FALSE(accepted_pages(test::printer("ingramspark"), Binding::paperback,
                               Size{8_in, 10.5_in}, "cream"));
}
