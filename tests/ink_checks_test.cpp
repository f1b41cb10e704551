// The ink checks: total ink over 1 mm squares, small black text built from several inks, a
// barcode not 100% K on white, transparency and PDF/X, measured on a CMYK rendering (Poppler's
// Splash) of CMYK covers written as a PDF/X-1a export writes them (tests/fixtures), clean and
// with one flaw each. Each flaw's test fails without its check; the clean cover and podcover's
// own RGB covers get none of these errors.
#include <filesystem>

#include "../check/src/ink_checks.hpp"
#include "check_support.hpp"
#include "podcover/check/checker.hpp"
#include "podcover/errors.hpp"
#include "podcover/fixtures/fixtures.hpp"
#include "podcover/render/barcode.hpp"
#include "support.hpp"

using namespace podcover;
using namespace podcover::literals;
using namespace podcover::check;
namespace fs = std::filesystem;
using Catch::Contains;
using podcover::test::findings_text;
using podcover::test::for_printer;
using podcover::test::TempDir;
using podcover::test::with_code;

namespace {

// The fixtures, written once for every test.
const fs::path& fixture(fixtures::InkFlaw flaw) {
    static TempDir dir;
    static std::map<fixtures::InkFlaw, fs::path> made;
    if (auto known = made.find(flaw); known != made.end())
        return known->second;
    const fs::path path = dir.path / ("ink-" + std::to_string(static_cast<int>(flaw)) + ".pdf");
    test::write(path, fixtures::cmyk_cover(flaw));
    return made.emplace(flaw, path).first->second;
}

const CheckReport& checked(const fs::path& file) {
    static std::map<fs::path, std::unique_ptr<CoverCheck>> done;
    if (auto known = done.find(file); known != done.end())
        return known->second->report();
    CheckRequest request;
    request.file = file;
    request.printers = {&test::printer("kdp"), &test::printer("ingramspark")};
    return done.emplace(file, CoverCheck::run(request)).first->second->report();
}

const std::vector<std::string> ink_codes = {"ink-coverage", "rich-black-text", "barcode-not-black",
                                            "transparency", "pdfx"};

Rect inches(double x0, double y0, double x1, double y1) {
    auto at = [](double v) {
        return Length::from_units(static_cast<Length::rep>(std::llround(v * Length::units_per_in)));
    };
    return Rect::from_edges(at(x0), at(y0), at(x1), at(y1));
}

bool near(const Rect& a, const Rect& b, double tolerance_in) {
    return std::abs(a.left().in() - b.left().in()) <= tolerance_in &&
           std::abs(a.top().in() - b.top().in()) <= tolerance_in &&
           std::abs(a.right().in() - b.right().in()) <= tolerance_in &&
           std::abs(a.bottom().in() - b.bottom().in()) <= tolerance_in;
}

// A blank CMYK raster at 50.8 ppi (2 pixels to the millimetre).
CmykRaster blank(int width, int height) {
    CmykRaster raster;
    raster.width = width;
    raster.height = height;
    raster.pixels_per_inch = ink_ppi;
    raster.cmyk.assign(static_cast<std::size_t>(width) * height * 4, 0);
    return raster;
}
void paint(CmykRaster& raster, int x0, int y0, int x1, int y1, std::array<std::uint8_t, 4> inks) {
    for (int y = y0; y < y1; ++y) {
        for (int x = x0; x < x1; ++x)
            std::copy(
                inks.begin(), inks.end(),
                raster.cmyk.begin() + (static_cast<std::ptrdiff_t>(y) * raster.width + x) * 4);
    }
}

}  // namespace

TEST_CASE("total ink is the mean over 1 mm squares, and areas above a limit are found",
          "[ink-checks]") {
    // 100 x 60 pixels at 2 to the millimetre: 50 x 30 mm. A block of C80 M80 Y80 K80 (204 of
    // 255 each: 320%) from pixel (10, 20) to (40, 30), and a lone pixel of 400% elsewhere.
    CmykRaster raster = blank(100, 60);
    paint(raster, 10, 20, 40, 30, {204, 204, 204, 204});
    paint(raster, 80, 5, 81, 6, {255, 255, 255, 255});
    const InkMap map = map_ink(raster, ink_window);
    CHECK(map.window_px == 2);
    CHECK(map.peak.total_percent == Approx(320).margin(0.01));
    CHECK(inks_text(map.peak.inks_percent) == "C80 M80 Y80 K80");
    // The first 1 mm square of the block, reading from the top.
    CHECK(near(map.peak.box, inches(10 / 50.8, 20 / 50.8, 12 / 50.8, 22 / 50.8), 1e-4));

    const auto above = map.above(240);
    REQUIRE(above.size() == 1);  // the lone pixel's square millimetre holds 100%
    CHECK(near(above[0].box, inches(10 / 50.8, 20 / 50.8, 40 / 50.8, 30 / 50.8), 1e-4));
    // Window positions wholly inside the block: 29 x 9, each a quarter of a square millimetre.
    CHECK(above[0].area_in2 == Approx(29 * 9 / (50.8 * 50.8)));
    CHECK(above[0].worst.total_percent == Approx(320).margin(0.01));
    CHECK(map.above(320).empty());
}

TEST_CASE("a barcode's bars and paper: K alone on white, rich black, a tint, or RGB",
          "[ink-checks]") {
    // Bars four pixels wide, four apart, over 80 x 40 pixels, with quiet zones on both sides.
    auto barcode = [](std::array<std::uint8_t, 4> bar, std::array<std::uint8_t, 4> paper) {
        CmykRaster raster = blank(120, 40);
        paint(raster, 0, 0, 120, 40, paper);
        for (int x = 20; x < 100; x += 8)
            paint(raster, x, 0, x + 4, 40, bar);
        raster.pixels_per_inch = 300;
        return raster;
    };
    auto area = [](int x0, int x1) { return inches(x0 / 300.0, 0, x1 / 300.0, 40 / 300.0); };
    const std::vector<Rect> quiet = {area(0, 18), area(102, 120)};

    const BarcodeInk good =
        measure_barcode_ink(barcode({0, 0, 0, 255}, {0, 0, 0, 0}), area(20, 100), quiet);
    CHECK(good.dark_share == Approx(0.5));
    CHECK(good.bars_pure_k());
    CHECK(good.on_white());
    CHECK_FALSE(good.bars_converted());

    const BarcodeInk rich =
        measure_barcode_ink(barcode({153, 102, 102, 255}, {0, 0, 0, 0}), area(20, 100), quiet);
    CHECK_FALSE(rich.bars_pure_k());
    CHECK(inks_text(rich.dark_inks_percent) == "C60 M40 Y40 K100");

    const BarcodeInk tinted =
        measure_barcode_ink(barcode({0, 0, 0, 255}, {51, 25, 0, 13}), area(20, 100), quiet);
    CHECK(tinted.bars_pure_k());
    CHECK_FALSE(tinted.on_white());
    CHECK(inks_text(tinted.light_inks_percent) == "C20 M10 K5");

    // Drawn in RGB: left out of the rendering, no bars of ink where zbar read bars.
    const BarcodeInk rgb =
        measure_barcode_ink(barcode({0, 0, 0, 0}, {0, 0, 0, 0}), area(20, 100), quiet);
    CHECK(rgb.bars_converted());
}

TEST_CASE("the CMYK rendering: the file's own inks, RGB left out, JPEGs decoded reduced",
          "[ink-checks]") {
    const Deadline later = Deadline::after(std::chrono::seconds(60));
    const Layout layout =
        fixtures::layout_of("ingramspark", fixtures::measured_template_book(Binding::paperback));
    const Rect sheet{Length(), Length(), layout.sheet.width, layout.sheet.height};
    const Rect front = layout.at("front").rect;
    auto centre_of = [](const CmykRaster& raster, const Rect& area) {
        const Raster::Span s = raster.span(area);
        const std::uint8_t* p = raster.pixel((s.x0 + s.x1) / 2, (s.y0 + s.y1) / 2);
        return std::array<int, 4>{p[0], p[1], p[2], p[3]};
    };
    {
        const auto document = InkDocument::open(fixture(fixtures::InkFlaw::none), later);
        const CmykRaster raster = document->render(ink_ppi, sheet, true, 30'000'000);
        // The rich black block (C60 M40 Y40 K100) and the tint (C20 M10 K5), as given.
        CHECK(centre_of(raster, Rect{front.x + 1_in, front.y + 3_in, 3.5_in, 2_in}) ==
              std::array<int, 4>{153, 102, 102, 255});
        // Poppler keeps a colour as 16-bit fractions, truncated (0.1 is 6553 of 65536), and
        // rounds them to bytes: M10 is 25 of 255.
        CHECK(centre_of(raster, Rect{front.x + 0.1_in, front.y + 7_in, 0.2_in, 0.2_in}) ==
              std::array<int, 4>{51, 25, 0, 13});
    }
    {
        // The RGB barcode's white box hides the tint; its black bars are left out.
        const auto document = InkDocument::open(fixture(fixtures::InkFlaw::rgb_barcode), later);
        // The white box, centred in the barcode area as the fixture draws it.
        const render::Barcode barcode = render::make_isbn_barcode(
            render::Isbn::parse("978-0-306-40615-7"), "", Size{1.75_in, 1_in});
        const Rect zone = layout.at("barcode").rect;
        const Rect area{zone.x + (zone.width - barcode.size.width) / 2,
                        zone.y + (zone.height - barcode.size.height) / 2, barcode.size.width,
                        barcode.size.height};
        const CmykRaster raster = document->render(barcode_ink_ppi, area, false, 4'000'000);
        // Pixels wholly inside the box.
        const Raster::Span s = raster.span(area.inset(Length::from_mm(1)));
        REQUIRE_FALSE(s.empty());
        int inked = 0;
        for (int y = s.y0; y < s.y1; ++y) {
            for (int x = s.x0; x < s.x1; ++x) {
                const std::uint8_t* p = raster.pixel(x, y);
                inked += p[0] + p[1] + p[2] + p[3] > 0 ? 1 : 0;
            }
        }
        CHECK(inked == 0);
    }
    {
        // A flattened cover (one CMYK JPEG at 150 ppi) rendered at 50.8 ppi: decoded at 3/8
        // (56 ppi), or whole by Splash; the two agree within JPEG scaling's rounding.
        TempDir dir;
        const fs::path flat = dir.path / "flat.pdf";
        test::write(flat, fixtures::flatten_to_cmyk_jpeg(fixtures::cmyk_cover(), 150, 90));
        const auto document = InkDocument::open(flat, later);
        const CmykRaster reduced = document->render(ink_ppi, sheet, true, 30'000'000);
        const CmykRaster whole =
            document->render(ink_ppi, sheet, true, 30'000'000, InkDocument::JpegDecoding::splash);
        REQUIRE(reduced.width == whole.width);
        REQUIRE(reduced.height == whole.height);
        double difference = 0;
        int worst = 0;
        for (std::size_t i = 0; i < reduced.cmyk.size(); ++i) {
            const int d = std::abs(reduced.cmyk[i] - whole.cmyk[i]);
            difference += d;
            worst = std::max(worst, d);
        }
        INFO("worst " << worst);
        CHECK(difference / static_cast<double>(reduced.cmyk.size()) < 2.0);
        // And the most ink is found alike (the flattening made the rich black K with a little
        // C, M and Y: it converts the rendered RGB without a profile), within 6 points: the
        // peak lies on small dark type, which the two scalings sample differently.
        CHECK(map_ink(reduced, ink_window).peak.total_percent ==
              Approx(map_ink(whole, ink_window).peak.total_percent).margin(6));
    }
    {
        // An area partly off the page is rendered where it is on it; one wholly off, not at all.
        const auto document = InkDocument::open(fixture(fixtures::InkFlaw::none), later);
        const CmykRaster part = document->render(
            ink_ppi, Rect{sheet.right() - 1_in, Length(), 2_in, 1_in}, true, 30'000'000);
        CHECK(part.width == 51);  // the last inch of the page at 50.8 ppi: pixels 548 to 599
        CHECK(part.height == 51);
        CHECK(document
                  ->render(ink_ppi, Rect{sheet.right() + 1_in, Length(), 1_in, 1_in}, true,
                           30'000'000)
                  .cmyk.empty());
    }
    {
        const Deadline passed{check::ProcessorClock::now() - std::chrono::seconds(1)};
        const auto document = InkDocument::open(fixture(fixtures::InkFlaw::none), passed);
        CHECK_THROWS_AS(document->render(ink_ppi, sheet, true, 30'000'000), InputError);
    }
}

TEST_CASE("a clean CMYK cover passes every ink check", "[ink-checks]") {
    const CheckReport& report = checked(fixture(fixtures::InkFlaw::none));
    const PrinterCheck& ingramspark = for_printer(report, "ingramspark");
    INFO(findings_text(ingramspark));
    for (const std::string& code : ink_codes)
        CHECK(with_code(ingramspark, code).empty());
    const auto& passed = ingramspark.passed;
    auto passed_with = [&](const std::string& start) {
        return std::any_of(passed.begin(), passed.end(),
                           [&](const std::string& p) { return p.starts_with(start); });
    };
    // The rich black block is IngramSpark's 240%, to the percent.
    CHECK(passed_with("total ink at most 240% (C60 M40 Y40 K100) over any 1 mm"));
    CHECK(passed_with("black text up to 24 pt in one ink"));
    CHECK(passed_with("barcode in 100% K on white"));
    CHECK(passed_with("no transparency"));
    CHECK(passed_with("PDF/X-1a:2001 (output intent 'CGATS TR 001')"));
    // KDP states no limit: not checked, and said so.
    const PrinterCheck& kdp = for_printer(report, "kdp");
    CHECK(with_code(kdp, "ink-coverage").empty());
    CHECK(std::find(kdp.notes.begin(), kdp.notes.end(),
                    "total ink is not checked: KDP's data states no limit") != kdp.notes.end());
}

TEST_CASE("320% ink over an area is an error for IngramSpark, with where", "[ink-checks]") {
    const PrinterCheck& ingramspark =
        for_printer(checked(fixture(fixtures::InkFlaw::ink_320)), "ingramspark");
    INFO(findings_text(ingramspark));
    const auto found = with_code(ingramspark, "ink-coverage");
    REQUIRE(found.size() == 1);
    CHECK(found[0]->severity == Severity::error);
    CHECK(ingramspark.verdict == Verdict::fail);
    CHECK_THAT(found[0]->message, Contains("total ink reaches 320% (C80 M80 Y80 K80)") &&
                                      Contains("IngramSpark allows at most 240% [IS-G, IS-HELP]"));
    // The block: 1 in into the front (x 6.166 + 1), 3 in down from the trim (y 0.125 + 3),
    // 3.5 x 2 in; measured to the half millimetre.
    REQUIRE(found[0]->box.has_value());
    CHECK(near(*found[0]->box, inches(7.166, 3.125, 10.666, 5.125), 0.02));
    CHECK(
        with_code(for_printer(checked(fixture(fixtures::InkFlaw::ink_320)), "kdp"), "ink-coverage")
            .empty());
}

TEST_CASE("small black text in four inks is a warning; a large title in rich black is not",
          "[ink-checks]") {
    const PrinterCheck& ingramspark =
        for_printer(checked(fixture(fixtures::InkFlaw::rich_black_small_text)), "ingramspark");
    INFO(findings_text(ingramspark));
    const auto found = with_code(ingramspark, "rich-black-text");
    // The three lines of copy are one run; the 36 pt title in the same rich black is not found.
    REQUIRE(found.size() == 1);
    CHECK(found[0]->severity == Severity::warning);
    CHECK_THAT(found[0]->message,
               Contains("10 pt text 'Back cover copy set in ten point type, line 1 Back") &&
                   Contains("is black made of 4 inks (C60 M40 Y40 K100)") &&
                   Contains("text up to 24 pt in 100% K [IS-G]"));
    REQUIRE(found[0]->box.has_value());
    // The copy's lines start 0.75 in into the back panel (x 0.125 + 0.75), the first baseline
    // 1.5 in below the trim.
    CHECK(found[0]->box->left().in() == Approx(0.875).margin(0.02));
    CHECK(found[0]->box->top().in() == Approx(1.625 - 0.8 * 10 / 72.0).margin(0.02));
    CHECK(with_code(for_printer(checked(fixture(fixtures::InkFlaw::rich_black_small_text)), "kdp"),
                    "rich-black-text")
              .empty());
}

TEST_CASE("a barcode drawn in RGB is not 100% K, for both printers", "[ink-checks]") {
    const CheckReport& report = checked(fixture(fixtures::InkFlaw::rgb_barcode));
    for (const char* id : {"ingramspark", "kdp"}) {
        const PrinterCheck& p = for_printer(report, id);
        INFO(id << "\n" << findings_text(p));
        const auto found = with_code(p, "barcode-not-black");
        REQUIRE(found.size() == 1);
        CHECK(found[0]->severity == Severity::warning);
        CHECK_THAT(found[0]->message,
                   Contains("barcode 9780306406157") && Contains("they are RGB (or Lab)"));
        REQUIRE(found[0]->box.has_value());
        CHECK(found[0]->box->overlaps(
            fixtures::layout_of("ingramspark", fixtures::measured_template_book(Binding::paperback))
                .at("barcode")
                .rect));
    }
}

TEST_CASE("a soft mask is transparency, which PDF/X-1a forbids", "[ink-checks]") {
    const CheckReport& report = checked(fixture(fixtures::InkFlaw::soft_mask));
    const PrinterCheck& ingramspark = for_printer(report, "ingramspark");
    INFO(findings_text(ingramspark));
    const auto found = with_code(ingramspark, "transparency");
    REQUIRE(found.size() == 1);
    CHECK(found[0]->severity == Severity::warning);
    CHECK_THAT(found[0]->message, Contains("a soft mask (7.17, 5.88 to 8.17, 6.88 in)"));
    REQUIRE(found[0]->box.has_value());
    CHECK(near(*found[0]->box, inches(7.166, 5.875, 8.166, 6.875), 0.01));
    const auto pdfx = with_code(ingramspark, "pdfx");
    REQUIRE(pdfx.size() == 1);
    CHECK_THAT(pdfx[0]->message, Contains("declares PDF/X-1a:2001 but it has transparency"));
    // KDP's reading of "flattened" is UNVERIFIED, and said so.
    const PrinterCheck& kdp = for_printer(report, "kdp");
    CHECK(with_code(kdp, "transparency").size() == 1);
    CHECK(std::any_of(kdp.notes.begin(), kdp.notes.end(), [](const std::string& n) {
        return n.starts_with("a PDF without transparency is UNVERIFIED");
    }));
}

TEST_CASE("PDF/X without an OutputIntent is a warning naming what is missing", "[ink-checks]") {
    const PrinterCheck& ingramspark =
        for_printer(checked(fixture(fixtures::InkFlaw::no_output_intent)), "ingramspark");
    INFO(findings_text(ingramspark));
    const auto found = with_code(ingramspark, "pdfx");
    REQUIRE(found.size() == 1);
    // IngramSpark asks for PDF/X-1a but no source says it refuses other files.
    CHECK(found[0]->severity == Severity::warning);
    CHECK(found[0]->message ==
          "the file declares PDF/X-1a:2001 but it lacks an OutputIntent (/S /GTS_PDFX) naming "
          "the printing condition; IngramSpark asks for PDF/X-1a:2001 (IngramSpark also accepts "
          "PDF/X-3) [IS-G, IS-HELP]");
    CHECK(
        with_code(for_printer(checked(fixture(fixtures::InkFlaw::no_output_intent)), "kdp"), "pdfx")
            .empty());
}

TEST_CASE("podcover's own RGB covers get no ink errors, and the true PDF/X warning",
          "[ink-checks]") {
    TempDir dir;
    const fs::path cover = dir.path / "ingramspark.pdf";
    test::write(cover, fixtures::podcover_cover(
                           "ingramspark", fixtures::measured_template_book(Binding::paperback)));
    CheckRequest request;
    request.file = cover;
    request.printers = {&test::printer("kdp"), &test::printer("ingramspark")};
    const auto check = CoverCheck::run(request);
    for (const auto& p : check->report().printers) {
        INFO(p.printer->id << "\n" << findings_text(p));
        for (const char* code :
             {"ink-coverage", "rich-black-text", "barcode-not-black", "transparency"})
            CHECK(with_code(p, code).empty());
        CHECK(p.verdict != Verdict::fail);
    }
    const PrinterCheck& ingramspark = for_printer(check->report(), "ingramspark");
    // Cairo's RGB page: not PDF/X, and it says what is missing; its page group is not
    // transparency (nothing in it is transparent), but PDF/X-1a has none.
    const auto pdfx = with_code(ingramspark, "pdfx");
    REQUIRE(pdfx.size() == 1);
    CHECK(pdfx[0]->severity == Severity::warning);
    CHECK_THAT(pdfx[0]->message, Contains("the file is not PDF/X") &&
                                     Contains("it has DeviceRGB colour and a transparency group"));
}
