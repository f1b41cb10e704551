// PRINTERS.md's worked examples, the KDP calculator readings and the IngramSpark template
// readings: podcover must give these numbers.
#include "support.hpp"

using namespace podcover;
using namespace podcover::literals;
using podcover::test::layout_of;

namespace {
struct Example {
    const char* printer;
    Binding binding;
    const char* trim;
    int pages;
    const char* paper;
    Length spine;
    Length width;
    Length height;
};
}  // namespace

TEST_CASE("worked examples give the reference's exact numbers", "[layout][examples]") {
    // PRINTERS.md section 5. KDP multiplies without rounding; IngramSpark rounds its paperback
    // table half up to 0.001 in and uses its casebound tables (1/16 in steps) unrounded.
    const Example examples[] = {
        {"kdp", Binding::paperback, "6x9in", 300, "white", 0.6756_in, 12.9256_in, 9.25_in},
        {"kdp", Binding::paperback, "6x9in", 300, "cream", 0.75_in, 13_in, 9.25_in},
        {"kdp", Binding::paperback, "6x9in", 300, "creme", 0.75_in, 13_in, 9.25_in},
        {"ingramspark", Binding::paperback, "6x9in", 300, "white", 0.629_in, 12.879_in, 9.25_in},
        {"ingramspark", Binding::paperback, "6x9in", 300, "creme", 0.674_in, 12.924_in, 9.25_in},
        {"ingramspark", Binding::paperback, "5.5x8.5in", 144, "creme", 0.335_in, 11.585_in,
         8.75_in},
        {"ingramspark", Binding::case_laminate, "6x9in", 300, "white", 0.6875_in, 14.5675_in,
         10.5_in},
        {"ingramspark", Binding::dust_jacket, "6x9in", 300, "white", 0.6875_in, 20.8125_in, 9.5_in},
    };
    for (const auto& e : examples) {
        const Layout layout = layout_of(e.printer, e.binding, e.trim, e.pages, e.paper);
        INFO(e.printer << " " << binding_id(e.binding) << " " << e.trim << " " << e.pages << " "
                       << e.paper);
        CHECK(layout.spine_width == e.spine);
        CHECK(layout.sheet.width == e.width);
        CHECK(layout.sheet.height == e.height);
    }
}

TEST_CASE("the CreateSpace 60-page example, to its 0.001 in rounding", "[layout][examples]") {
    const Layout layout = layout_of("kdp", Binding::paperback, "6x9in", 60, "white");
    CHECK(layout.spine_width == 0.13512_in);  // 60 x 0.002252, not rounded by KDP
    CHECK(layout.spine_width.format(Unit::in, 3) == "0.135");
    CHECK(layout.sheet.width.format(Unit::in, 3) == "12.385");
    CHECK(layout.sheet.height == 9.25_in);
}

TEST_CASE("KDP hardcover reproduces every cover-calculator reading",
          "[layout][examples][hardcover]") {
    // [KDP-CALC] readings, shown by the calculator to 0.001 in.
    const struct {
        const char* trim;
        int pages;
        const char* paper;
        const char* spine;
        const char* width;
        const char* height;
    } readings[] = {
        {"6x9in", 76, "white", "0.36", "13.935", "10.417"},
        {"6x9in", 250, "white", "0.752", "14.327", "10.417"},
        {"6x9in", 126, "cream", "0.504", "14.079", "10.417"},
        {"7x10in", 269, "premium-color", "0.82", "16.395", "11.417"},
    };
    for (const auto& r : readings) {
        const Layout layout = layout_of("kdp", Binding::case_laminate, r.trim, r.pages, r.paper);
        INFO(r.trim << " " << r.pages << " " << r.paper);
        CHECK(layout.spine_width.format(Unit::in, 3) == r.spine);
        CHECK(layout.sheet.width.format(Unit::in, 3) == r.width);
        CHECK(layout.sheet.height.format(Unit::in, 3) == r.height);
    }
}

TEST_CASE("KDP hardcover construction", "[layout][hardcover]") {
    const Layout layout = layout_of("kdp", Binding::case_laminate, "6x9in", 250, "white");
    CHECK(layout.spine_width == 0.752_in);  // 250 x 0.002252 + 0.189
    CHECK(layout.bleed == 15_mm);           // the wrap, all four sides
    CHECK(layout.at("wrap-left").rect.width == 15_mm);
    CHECK(layout.at("wrap-top").rect.height == 15_mm);
    CHECK(layout.at("back-board").rect.size() == Size{6.197_in, 9.236_in});
    CHECK(layout.at("front-board").rect.size() == Size{6.197_in, 9.236_in});
    // The hinge lies inside the board, next to the spine fold.
    const Rect& hinge = layout.at("back-hinge").rect;
    CHECK(hinge.width == 10_mm);
    CHECK(hinge.right() == layout.at("spine").rect.left());
    CHECK(layout.at("back-board").rect.contains(hinge));
    CHECK_FALSE(layout.at("back-hinge").tile);
    CHECK(layout.at("back-safe").rect.right() == hinge.left());
    // 2W + S + 2 x 15 mm + 2 x 0.197: within 0.0002 in of the reference's 2W + S + 1.575.
    CHECK(abs(layout.sheet.width - (12_in + layout.spine_width + 1.575_in)) <= 0.0002_in);
    CHECK(abs(layout.sheet.height - (9_in + 1.417_in)) <= 0.0002_in);
}

TEST_CASE("IngramSpark hardcover template readings", "[layout][examples][hardcover]") {
    // [IS-T]: case 5.5 x 8.5 on 70# white, 238 pages: spine 0.8125, 13.694 x 10.0 (the
    // formula gives 13.6925; templates print up to 0.002 more); the jacket: 19.938 x 9.0.
    const Layout cased =
        layout_of("ingramspark", Binding::case_laminate, "5.5x8.5in", 238, "white-70");
    CHECK(cased.spine_width == 0.8125_in);
    CHECK(cased.sheet.width == 13.6925_in);
    CHECK(cased.sheet.height == 10_in);
    CHECK(13.694_in - cased.sheet.width <= 0.002_in);
    CHECK(cased.at("back-board").rect.size() ==
          Size{5.315_in, 8.75_in});  // (W - 0.185) x (H + 0.25)
    CHECK(cased.at("back-hinge").rect.width == 0.5_in);
    CHECK(cased.at("back-hinge").tile);  // its own strip between board and spine
    CHECK(cased.at("wrap-left").rect.width == 0.625_in);

    const Layout jacket =
        layout_of("ingramspark", Binding::dust_jacket, "5.5x8.5in", 238, "white-70");
    CHECK(jacket.spine_width == 0.8125_in);
    CHECK(jacket.sheet.width == 19.9375_in);
    CHECK(jacket.sheet.width.format(Unit::in, 3) == "19.938");
    CHECK(jacket.sheet.height == 9_in);
    CHECK(jacket.at("back").rect.size() == Size{5.9375_in, 8.75_in});  // (W + 0.4375) x (H + 0.25)
    CHECK(jacket.at("back-flap").rect.width == 3.25_in);
    CHECK(jacket.at("back-flap-wrap").rect.width == 0.25_in);
}

TEST_CASE("IngramSpark spine tables are read as transcribed", "[layout][tables]") {
    // Rows of ingramspark-spine/*.csv, through the layout's rounding.
    CHECK(layout_of("ingramspark", Binding::paperback, "6x9in", 300, "white").spine_width ==
          0.629_in);  // 0.6288
    CHECK(layout_of("ingramspark", Binding::paperback, "6x9in", 64, "white").spine_width ==
          0.133_in);  // 0.1325, tie
    CHECK(layout_of("ingramspark", Binding::paperback, "6x9in", 900, "groundwood").spine_width ==
          2.227_in);  // 2.2268
    CHECK(layout_of("ingramspark", Binding::paperback, "6x9in", 900, "white-70").spine_width ==
          2.446_in);  // 2.4457
    CHECK(layout_of("ingramspark", Binding::paperback, "6x9in", 900, "premium-color").spine_width ==
          2.338_in);  // 900/385
    CHECK(layout_of("ingramspark", Binding::case_laminate, "6x9in", 1050, "cream").spine_width ==
          2.5_in);
    CHECK(layout_of("ingramspark", Binding::case_laminate, "6x9in", 18, "white").spine_width ==
          0.25_in);
}

TEST_CASE("IngramSpark rounds odd page counts up to even", "[layout][tables]") {
    const Layout odd = layout_of("ingramspark", Binding::paperback, "6x9in", 301, "white");
    const Layout even = layout_of("ingramspark", Binding::paperback, "6x9in", 302, "white");
    CHECK(odd.pages == 301);
    CHECK(odd.pages_printed == 302);
    CHECK(odd.spine_width == even.spine_width);
    CHECK(test::has_code(odd.warnings, "pages-rounded-up"));
    CHECK_FALSE(test::has_code(even.warnings, "pages-rounded-up"));
    // KDP multiplies the given count.
    CHECK(layout_of("kdp", Binding::paperback, "6x9in", 301, "white").spine_width == 0.677852_in);
}

TEST_CASE("paperback regions", "[layout][regions]") {
    const Layout kdp = layout_of("kdp", Binding::paperback, "6x9in", 300, "white");
    CHECK(kdp.at("back").rect == Rect{0.125_in, 0.125_in, 6_in, 9_in});
    CHECK(kdp.at("spine").rect == Rect{6.125_in, 0.125_in, 0.6756_in, 9_in});
    CHECK(kdp.at("front").rect == Rect{6.8006_in, 0.125_in, 6_in, 9_in});
    CHECK(kdp.at("trim").rect == Rect{0.125_in, 0.125_in, 12.6756_in, 9_in});
    CHECK(kdp.at("back-safe").rect == Rect{0.25_in, 0.25_in, 5.75_in, 8.75_in});
    // Spine text: 0.0625 in from each fold, inside the safe margin top and bottom.
    CHECK(kdp.at("spine-text").rect == Rect{6.1875_in, 0.25_in, 0.5506_in, 8.75_in});
    // KDP's barcode area: 2 x 1.2 in, 0.25 in from the spine fold and above the bottom trim.
    CHECK(kdp.at("barcode").rect == Rect::from_edges(3.875_in, 7.675_in, 5.875_in, 8.875_in));
    REQUIRE(kdp.folds.size() == 2);
    CHECK(kdp.folds[0].x == 6.125_in);
    CHECK(kdp.folds[1].x == 6.8006_in);
    CHECK(kdp.at("fold-back-variance").rect == Rect{6.0625_in, 0_in, 0.125_in, 9.25_in});

    const Layout ingram = layout_of("ingramspark", Binding::paperback, "6x9in", 300, "white");
    CHECK(ingram.at("back-safe").rect == Rect{0.375_in, 0.375_in, 5.5_in, 8.5_in});  // 0.25 in rule
    CHECK(ingram.at("barcode").rect == Rect::from_edges(3.565_in, 7.815_in, 5.315_in, 8.815_in));
    CHECK(ingram.spine_text_clearance == 0.0625_in);
}

TEST_CASE("spine-text rules", "[layout][spine-text]") {
    CHECK_FALSE(layout_of("kdp", Binding::paperback, "6x9in", 78, "white").spine_text_allowed);
    CHECK(layout_of("kdp", Binding::paperback, "6x9in", 80, "white").spine_text_allowed);
    const Layout thin = layout_of("kdp", Binding::paperback, "6x9in", 60, "white");
    CHECK(thin.find("spine-text") == nullptr);
    CHECK(test::has_code(thin.warnings, "spine-text-not-allowed"));

    CHECK_FALSE(
        layout_of("ingramspark", Binding::paperback, "6x9in", 46, "white").spine_text_allowed);
    const Layout narrow = layout_of("ingramspark", Binding::paperback, "6x9in", 48, "white");
    CHECK(narrow.spine_text_allowed);
    // Spines under 0.35 in keep 1/32 in from each fold instead of 1/16.
    CHECK(narrow.spine_width < 0.35_in);
    CHECK(narrow.spine_text_clearance == 0.03125_in);
    CHECK(narrow.at("spine-text").rect.width == narrow.spine_width - 0.0625_in);
    CHECK(
        layout_of("ingramspark", Binding::paperback, "6x9in", 200, "white").spine_text_clearance ==
        0.0625_in);
}

TEST_CASE("a listed trim given in other units is the printer's trim", "[layout]") {
    const Layout layout = layout_of("kdp", Binding::paperback, "156x234mm", 300, "white");
    CHECK(layout.trim == Size{6.14_in, 9.21_in});
    CHECK(test::has_code(layout.notes, "trim-matched"));
    // IngramSpark's A4 is 8.268 x 11.693 in; KDP's is 8.27 x 11.69 in.
    CHECK(layout_of("ingramspark", Binding::paperback, "8.27x11.69in", 300, "white").trim ==
          Size{8.268_in, 11.693_in});
}

TEST_CASE("KDP A4 in standard color, as the Cover Calculator's own templates show",
          "[layout][examples][kdp-calc]") {
    // [KDP-CALC]: templates for 8.27 x 11.69 in standard color at 68, 161 to 214 and 286
    // pages. Spine = pages x 0.002252 in [KDP-H]; full wrap 2W + S + 0.25 by H + 0.25.
    const struct {
        int pages;
        Length spine;
        Length width;
    } templates[] = {
        {68, 0.153136_in, 16.943136_in},
        {161, 0.362572_in, 17.152572_in},
        {214, 0.481928_in, 17.271928_in},
        {286, 0.644072_in, 17.434072_in},
    };
    for (const auto& t : templates) {
        const Layout layout =
            layout_of("kdp", Binding::paperback, "8.27x11.69in", t.pages, "standard-color");
        INFO(t.pages << " pages\n" << test::messages(layout.notes));
        CHECK(layout.trim == Size{8.27_in, 11.69_in});
        CHECK(layout.spine_width == t.spine);
        CHECK(layout.sheet == Size{t.width, 11.94_in});
        // KDP's table does not list A4 in standard color: its limits are UNVERIFIED.
        CHECK_THAT(test::messages(layout.notes),
                   Catch::Contains("unverified: the page range on standard-color "
                                   "(72\xE2\x80\x93"
                                   "600 pages) is UNVERIFIED") &&
                       Catch::Contains("161 to 214 and 286 pages seen"));
        // Below the table's 72, a second note names the evidence for the count itself.
        CHECK((test::messages(layout.notes).find("68-page standard-color template") !=
               std::string::npos) == (t.pages < 72));
    }
}
