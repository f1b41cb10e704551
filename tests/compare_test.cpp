// The same book on KDP and IngramSpark: the differences that matter, in numbers.
#include "podcover/compare.hpp"
#include "support.hpp"

using namespace podcover;
using namespace podcover::literals;

namespace {
struct Pair {
    BookSpec kdp_book, ingram_book;
    Layout kdp, ingram;
    Comparison comparison;
};

Pair compare_books(Binding binding, const char* trim, int pages, const char* kdp_paper,
                   const char* ingram_paper) {
    Pair p{BookSpec{binding, Size::parse(trim), pages, kdp_paper},
           BookSpec{binding, Size::parse(trim), pages, ingram_paper},
           test::layout_of("kdp", binding, trim, pages, kdp_paper),
           test::layout_of("ingramspark", binding, trim, pages, ingram_paper),
           {}};
    p.comparison = compare(PrinterBook{&test::printer("kdp"), p.kdp_book, &p.kdp},
                           PrinterBook{&test::printer("ingramspark"), p.ingram_book, &p.ingram});
    return p;
}

std::string all(const Comparison& c) {
    std::string text;
    for (const auto& s : c.differences)
        text += s + "\n";
    return text;
}
}  // namespace

TEST_CASE("white: 0.047 in narrower at 300 pages, beyond the fold variance from 358 on",
          "[compare]") {
    const Pair p = compare_books(Binding::paperback, "6x9in", 300, "white", "white");
    CHECK(p.comparison.spine.difference == -(0.0466_in));
    CHECK(p.comparison.spine.fold_variance == 0.0625_in);
    CHECK_FALSE(p.comparison.spine.beyond_variance);
    REQUIRE(p.comparison.spine.beyond_from_pages);
    CHECK(*p.comparison.spine.beyond_from_pages == 358);  // PRINTERS.md: "white from about 358"
    CHECK_THAT(
        all(p.comparison),
        Catch::Contains("IngramSpark's spine is 0.047 in (1.18 mm) narrower than KDP's") &&
            Catch::Contains("within the 1/16 in fold variance (it exceeds it from 358 pages on)"));
    const Pair at_400 = compare_books(Binding::paperback, "6x9in", 400, "white", "white");
    CHECK(at_400.comparison.spine.beyond_variance);
    CHECK_THAT(all(at_400.comparison),
               Catch::Contains("more than the 1/16 in fold variance from 358 pages on"));
}

TEST_CASE("cream: 0.076 in narrower at 300 pages, beyond the variance from 264 on", "[compare]") {
    const Pair p = compare_books(Binding::paperback, "6x9in", 300, "cream", "cream");
    CHECK(p.comparison.spine.difference == -(0.076_in));
    CHECK(p.comparison.spine.beyond_variance);
    REQUIRE(p.comparison.spine.beyond_from_pages);
    CHECK(*p.comparison.spine.beyond_from_pages == 264);  // PRINTERS.md: "cream from about 264"
}

TEST_CASE("groundwood and 70# papers are wider at IngramSpark", "[compare]") {
    const Pair groundwood =
        compare_books(Binding::paperback, "6x9in", 300, "groundwood", "groundwood");
    CHECK(groundwood.comparison.spine.difference > Length());
    CHECK_THAT(all(groundwood.comparison), Catch::Contains("wider than KDP's"));
    const Pair seventy = compare_books(Binding::paperback, "6x9in", 300, "white", "white-70");
    CHECK(seventy.comparison.spine.difference > Length());
}

TEST_CASE("the comparison spells out margins, spine text and barcode areas", "[compare]") {
    const Pair p = compare_books(Binding::paperback, "6x9in", 300, "white", "white");
    const std::string text = all(p.comparison);
    CHECK_THAT(text,
               Catch::Contains(
                   "Safe margins differ: KDP 0.125 in, IngramSpark 0.25 in; keep text 0.25 in"));
    // The printers' clearance allows for the fold variance: the narrower spine-text area is
    // IngramSpark's 0.629 less 2 x 0.0625 = 0.504 in; keeping the variance clear as well,
    // 0.379 in.
    CHECK_THAT(text, Catch::Contains("Spine text on both stocks: at most 0.504 in (12.8 mm) across "
                                     "(each printer's spine less its own clearance at each fold, "
                                     "KDP 0.0625 in, IngramSpark 0.0625 in, which allows for the "
                                     "1/16 in fold variance); 0.379 in (9.63 mm) to keep the "
                                     "1/16 in fold variance clear as well."));
    // A 5 x 8 in 120-page cream book: KDP's 0.3 in spine less 2 x 0.0625 = 0.175 in (IngramSpark
    // keeps 1/32 in from the folds of its 0.284 in spine: 0.2215 in); 0.05 in keeping the
    // variance too.
    const Pair cream = compare_books(Binding::paperback, "5x8in", 120, "cream", "cream");
    CHECK_THAT(all(cream.comparison), Catch::Contains("at most 0.175 in (4.45 mm) across") &&
                                          Catch::Contains("IngramSpark 0.0313 in") &&
                                          Catch::Contains("; 0.05 in (1.27 mm) to keep"));
    // KDP 2 x 1.2 at 0.25/0.25; IngramSpark 1.75 x 1 at 0.81/0.31: together 2.31 x 1.2 at
    // 0.25/0.25.
    CHECK_THAT(text,
               Catch::Contains(
                   "To suit both keep 2.31 \xC3\x97 1.2 in clear, 0.25 in from the spine fold"));

    const Pair thin = compare_books(Binding::paperback, "6x9in", 60, "white", "white");
    CHECK_THAT(all(thin.comparison), Catch::Contains("at 60 pages only IngramSpark allows it"));
}
