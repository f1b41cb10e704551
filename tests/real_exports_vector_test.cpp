// The checker on covers made with real vector tools (tests/data/real-exports/vector, made by
// its make-vector.sh; README.md there gives each file's command, tool and version): Inkscape
// 1.2.2 (Cairo's PDF: font subsets, text as text or as paths, px/mm/in documents) and Scribus
// 1.5.8 (page = trim + spine with document bleeds; PDF 1.4, PDF/X-1a with and without crop
// marks). Each verdict here is what the printer would say of the file (PRINTERS.md).
#include <algorithm>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "check_support.hpp"
#include "podcover/check/checker.hpp"
#include "run_podcover.hpp"
#include "support.hpp"

using namespace podcover;
using namespace podcover::literals;
using namespace podcover::check;
namespace fs = std::filesystem;
using Catch::Contains;
using podcover::test::for_printer;

namespace {

const fs::path data = fs::path(PODCOVER_TEST_DATA) / "real-exports" / "vector";

// The sample book as the designer uploads it: 300 pages on white, for both printers.
BookHints sample_book() {
    BookHints hints;
    hints.pages = 300;
    hints.paper = "white";
    return hints;
}

std::unique_ptr<CoverCheck> checked(const std::string& name, BookHints hints = sample_book()) {
    CheckRequest request;
    request.file = data / name;
    request.printers = test::both_printers();
    request.hints = std::move(hints);
    return CoverCheck::run(request);
}

// The codes of the findings of a severity, in order.
std::vector<std::string> codes(const PrinterCheck& p, Severity severity) {
    std::vector<std::string> found;
    for (const auto& f : p.findings) {
        if (f.severity == severity)
            found.push_back(f.code);
    }
    return found;
}

const Finding* finding(const PrinterCheck& p, const std::string& code) {
    const auto it = std::find_if(p.findings.begin(), p.findings.end(),
                                 [&](const Finding& f) { return f.code == code; });
    return it == p.findings.end() ? nullptr : &*it;
}

bool passed(const PrinterCheck& p, const std::string& start) {
    return std::any_of(p.passed.begin(), p.passed.end(),
                       [&](const std::string& s) { return s.rfind(start, 0) == 0; });
}

using Codes = std::vector<std::string>;

}  // namespace

TEST_CASE("Inkscape covers at KDP's size pass KDP, whatever the units and the text",
          "[check][real][exports]") {
    // 12.926 x 9.25 in, as KDP's calculator shows it (0.001 in): in mm, in px at 96/in with
    // the art embedded, in inches with a white box on the barcode area; text as Cairo's font
    // subsets (tall ascents) or as paths.
    const char* files[] = {"inkscape-kdp-mm.pdf", "inkscape-kdp-mm-outlines.pdf",
                           "inkscape-kdp-px-embedded.pdf", "inkscape-kdp-in-barcode-box.pdf",
                           "inkscape-kdp-in-barcode-box-outlines.pdf"};
    for (const char* file : files) {
        const auto result = checked(file);
        const CheckReport& report = result->report();
        INFO(file << "\n" << test::report_text(report));
        CHECK(report.cover_method == LocateMethod::page);
        CHECK(abs(report.cover.width - 12.926_in) < 0.0005_in);
        const PrinterCheck& kdp = for_printer(report, "kdp");
        CHECK(kdp.verdict == Verdict::pass);
        CHECK(kdp.findings.empty());
        CHECK(passed(kdp, "barcode area clear"));
        // Text as paths is no text: the spine's lettering is its shapes.
        if (std::string(file).find("outlines") == std::string::npos)
            CHECK(passed(kdp, "spine text clear of both folds"));
        else
            CHECK(passed(kdp, "lettering drawn as paths on the spine clear of both folds"));
        CHECK(passed(kdp, "art reaches the bleed"));
        // IngramSpark's spine for the book is 0.047 in narrower: the cover is KDP's only.
        const PrinterCheck& ingram = for_printer(report, "ingramspark");
        CHECK(codes(ingram, Severity::error) == Codes{"size-mismatch"});
        CHECK(codes(ingram, Severity::warning) == (Codes{"color-space", "pdfx"}));
    }
}

TEST_CASE("text as text in Inkscape's PDF is read, as outlines it is not",
          "[check][real][exports]") {
    const auto text = checked("inkscape-kdp-mm.pdf");
    const auto outlines = checked("inkscape-kdp-mm-outlines.pdf");
    const PrinterCheck& with_text = for_printer(text->report(), "kdp");
    const PrinterCheck& with_paths = for_printer(outlines->report(), "kdp");
    CHECK(passed(with_text, "text inside the safe zone"));
    CHECK(passed(with_text, "fonts embedded"));
    CHECK_FALSE(passed(with_paths, "text inside the safe zone"));
}

TEST_CASE("a white box drawn on KDP's barcode area leaves it clear; copy run into it does not",
          "[check][real][exports]") {
    // The box's edge lies on the area's outline: once read as detail in the area, and the
    // cover failed KDP.
    const auto box = checked("inkscape-kdp-in-barcode-box.pdf");
    const PrinterCheck& kdp = for_printer(box->report(), "kdp");
    INFO(test::report_text(box->report()));
    CHECK(finding(kdp, "barcode-area-not-clear") == nullptr);
    CHECK(kdp.verdict == Verdict::pass);

    const auto low = checked("inkscape-kdp-mm-copy-low.pdf");
    const PrinterCheck& low_kdp = for_printer(low->report(), "kdp");
    INFO(test::report_text(low->report()));
    CHECK(codes(low_kdp, Severity::error) == Codes{"barcode-area-not-clear"});
    REQUIRE(finding(low_kdp, "barcode-area-not-clear"));
    CHECK_THAT(finding(low_kdp, "barcode-area-not-clear")->message, Contains("(it holds text)"));
    // IngramSpark places its barcode anywhere clear on the back: it finds a place.
    CHECK(finding(for_printer(low->report(), "ingramspark"), "barcode-area-clear"));
}

TEST_CASE("Lato set just inside KDP's safe lines passes by its ink, not its font box",
          "[check][real][exports]") {
    // Lato declares an ascent and descent far beyond its glyphs: the title's font box crosses
    // the trim, its capitals are 0.05 in inside the safe line.
    const auto inside = checked("inkscape-kdp-mm-tight.pdf");
    const PrinterCheck& kdp = for_printer(inside->report(), "kdp");
    INFO(test::report_text(inside->report()));
    CHECK(kdp.verdict == Verdict::pass);
    CHECK(passed(kdp, "text inside the safe zone"));
    // IngramSpark's rule is 0.25 in inside the trim, its template's limit 0.125: warnings.
    const PrinterCheck& ingram = for_printer(inside->report(), "ingramspark");
    const Finding* outside = finding(ingram, "text-outside-safe-zone");
    REQUIRE(outside);
    CHECK(outside->severity == Severity::warning);

    // 0.06 in over the line: KDP's error, on the title alone.
    const auto over = checked("inkscape-kdp-mm-tight-over.pdf");
    const PrinterCheck& kdp_over = for_printer(over->report(), "kdp");
    INFO(test::report_text(over->report()));
    CHECK(codes(kdp_over, Severity::error) == Codes{"text-outside-safe-zone"});
    REQUIRE(finding(kdp_over, "text-outside-safe-zone"));
    CHECK_THAT(finding(kdp_over, "text-outside-safe-zone")->message, Contains("'THE SALT ROAD'"));
    REQUIRE(finding(kdp_over, "text-outside-safe-zone")->box);
    CHECK(abs(finding(kdp_over, "text-outside-safe-zone")->box->top() - 0.175_in) < 0.01_in);
}

TEST_CASE("spine lettering across a fold is found as text and as paths", "[check][real][exports]") {
    // 0.3 in off the spine's centre, across the back fold. As text: its ink, an error.
    const auto text = checked("inkscape-kdp-mm-spine-off.pdf");
    const PrinterCheck& kdp = for_printer(text->report(), "kdp");
    INFO(test::report_text(text->report()));
    CHECK(codes(kdp, Severity::error) == Codes{"spine-text-clearance"});
    CHECK_THAT(finding(kdp, "spine-text-clearance")->message, Contains("from the back fold"));

    // As paths (--export-text-to-path): once a pass (no text, and the spine's pixels between
    // the fold bands hold too little of it); now the glyphs' shapes, a warning.
    const auto paths = checked("inkscape-kdp-mm-spine-off-outlines.pdf");
    const PrinterCheck& kdp_paths = for_printer(paths->report(), "kdp");
    INFO(test::report_text(paths->report()));
    CHECK(kdp_paths.verdict == Verdict::warn);
    CHECK(codes(kdp_paths, Severity::warning) == Codes{"spine-text-clearance"});
    const Finding* clearance = finding(kdp_paths, "spine-text-clearance");
    REQUIRE(clearance);
    CHECK_THAT(clearance->message, Contains("text drawn as paths?"));
    CHECK_THAT(clearance->message, Contains("from the back fold"));
    REQUIRE(clearance->box);
    // The glyphs' boxes cross the back fold (x = 6.125 in).
    CHECK(clearance->box->left() < 6.125_in);
    CHECK(clearance->box->right() > 6.125_in);
    CHECK(codes(for_printer(paths->report(), "ingramspark"), Severity::warning).front() ==
          "spine-text-clearance");

    // Stars drawn as small circles over the sky, some on the spine and its folds, and no
    // spine text: no lettering, nothing to warn of.
    const auto stars = checked("inkscape-kdp-mm-stars.pdf");
    const PrinterCheck& kdp_stars = for_printer(stars->report(), "kdp");
    INFO(test::report_text(stars->report()));
    CHECK(kdp_stars.verdict == Verdict::pass);
    CHECK(finding(kdp_stars, "spine-text-clearance") == nullptr);
}

TEST_CASE("a cover designed on podcover's Inkscape guide: passes with the guide hidden",
          "[check][real][exports]") {
    // The guide's sheet is exact (12.9256 in): without options, KDP's 300 pages on white.
    const auto hidden = checked("inkscape-kdp-guide-hidden.pdf", BookHints{});
    const PrinterCheck& kdp = for_printer(hidden->report(), "kdp");
    INFO(test::report_text(hidden->report()));
    CHECK(kdp.book.pages == 300);
    CHECK(kdp.book.paper == "white");
    CHECK(kdp.verdict == Verdict::pass);
    CHECK(kdp.findings.empty());

    // Left visible, the guide prints: template-visible, whatever else its labels break.
    const auto visible = checked("inkscape-kdp-guide-visible.pdf");
    const PrinterCheck& kdp_visible = for_printer(visible->report(), "kdp");
    INFO(test::report_text(visible->report()));
    CHECK(kdp_visible.verdict == Verdict::fail);
    REQUIRE(finding(kdp_visible, "template-visible"));
    CHECK(finding(kdp_visible, "template-visible")->severity == Severity::error);
}

TEST_CASE("Inkscape exports with the bleed forgotten, or of the drawing's size, fail",
          "[check][real][exports]") {
    // The page is trim + spine (12.676 x 9 in): KDP refuses it; check names the mistake.
    const auto trim = checked("inkscape-kdp-trim-only.pdf");
    const PrinterCheck& kdp = for_printer(trim->report(), "kdp");
    INFO(test::report_text(trim->report()));
    CHECK(codes(kdp, Severity::error) == Codes{"size-mismatch"});
    REQUIRE(finding(kdp, "size-mismatch"));
    CHECK_THAT(finding(kdp, "size-mismatch")->message,
               Contains("it is the trimmed cover without its bleed"));
    // Without the book given, the size alone still tells the mistake.
    const auto guessed = checked("inkscape-kdp-trim-only.pdf", BookHints{});
    CHECK(for_printer(guessed->report(), "kdp").verdict == Verdict::fail);

    // --export-margin=3 (whole mm only): the bleed added at export is 0.118 in, not 0.125.
    const auto margin = checked("inkscape-kdp-trim-export-margin-3mm.pdf");
    const PrinterCheck& kdp_margin = for_printer(margin->report(), "kdp");
    INFO(test::report_text(margin->report()));
    CHECK(abs(margin->report().cover.width - (12.676_in + 6_mm)) < 0.002_in);
    CHECK(codes(kdp_margin, Severity::error) == Codes{"size-mismatch"});
    CHECK_THAT(finding(kdp_margin, "size-mismatch")->message, Contains("too narrow"));

    // --export-area-drawing: the page is the art's 12.95 in, 0.024 in too wide for the book.
    const auto drawing = checked("inkscape-kdp-mm-area-drawing.pdf");
    const PrinterCheck& kdp_drawing = for_printer(drawing->report(), "kdp");
    INFO(test::report_text(drawing->report()));
    CHECK(abs(drawing->report().cover.width - 12.95_in) < 0.0005_in);
    CHECK(codes(kdp_drawing, Severity::error) == Codes{"size-mismatch"});
    CHECK_THAT(finding(kdp_drawing, "size-mismatch")->message, Contains("too wide"));
}

TEST_CASE("Inkscape's half-transparent band and drop shadow are warnings, not errors",
          "[check][real][exports]") {
    // The blurred shadow is a one-colour image with a soft mask, rasterized at Inkscape's
    // default 96 dpi: low resolution (a warning) unless exported with --export-dpi=300.
    const auto result = checked("inkscape-kdp-mm-effects.pdf");
    const PrinterCheck& kdp = for_printer(result->report(), "kdp");
    INFO(test::report_text(result->report()));
    CHECK(codes(kdp, Severity::error).empty());
    CHECK(codes(kdp, Severity::warning) == (Codes{"low-resolution-image", "transparency"}));
    CHECK_THAT(finding(kdp, "low-resolution-image")->message, Contains("placed at 96 ppi"));
    CHECK(kdp.verdict == Verdict::warn);

    const auto sharp = checked("inkscape-kdp-mm-effects-300dpi.pdf");
    const PrinterCheck& kdp_sharp = for_printer(sharp->report(), "kdp");
    INFO(test::report_text(sharp->report()));
    CHECK(codes(kdp_sharp, Severity::warning) == Codes{"transparency"});
}

TEST_CASE("Inkscape and Scribus RGB covers at IngramSpark's size: warnings, no errors",
          "[check][real][exports]") {
    for (const char* file : {"inkscape-ingramspark-mm.pdf", "scribus-ingramspark-pdf14.pdf"}) {
        const auto result = checked(file);
        const CheckReport& report = result->report();
        INFO(file << "\n" << test::report_text(report));
        CHECK(report.cover_method == LocateMethod::page);
        const PrinterCheck& ingram = for_printer(report, "ingramspark");
        CHECK(ingram.verdict == Verdict::warn);
        CHECK(codes(ingram, Severity::error).empty());
        CHECK(codes(ingram, Severity::warning) == (Codes{"color-space", "pdfx"}));
        CHECK(passed(ingram, "text inside the safe zone"));
        CHECK(passed(ingram, "spine text clear of both folds"));
        CHECK(codes(for_printer(report, "kdp"), Severity::error) == Codes{"size-mismatch"});
    }
}

TEST_CASE("Scribus's export without its document bleeds is the trimmed cover",
          "[check][real][exports]") {
    const auto result = checked("scribus-ingramspark-pdf14-nobleed.pdf");
    const PrinterCheck& ingram = for_printer(result->report(), "ingramspark");
    INFO(test::report_text(result->report()));
    CHECK(abs(result->report().cover.width - 12.629_in) < 0.0005_in);
    CHECK(codes(ingram, Severity::error) == Codes{"size-mismatch"});
    CHECK_THAT(finding(ingram, "size-mismatch")->message,
               Contains("it is the trimmed cover without its bleed"));
}

TEST_CASE("Scribus's PDF/X-1a and PDF/X-3 are PDF/X; their ink over 240% fails IngramSpark",
          "[check][real][exports]") {
    // Scribus converts the RGB art to CMYK through its default profile (ISO Coated v2 300%):
    // the dark sky reaches about 259% total ink, over IngramSpark's 240% [IS-G]. Its crop
    // marks grow the page by 29 pt on every side; the BleedBox is the cover.
    const std::pair<const char*, const char*> files[] = {
        {"scribus-ingramspark-x1a.pdf", "/GTS_PDFXVersion (PDF/X-1:2001)"},
        {"scribus-ingramspark-x1a-marks.pdf", "/GTS_PDFXVersion (PDF/X-1:2001)"},
        {"scribus-ingramspark-x3.pdf", "/GTS_PDFXVersion (PDF/X-3:2002)"}};
    for (const auto& [file, version] : files) {
        // Scribus's own codes for the standards are easily swapped (11 is PDF/X-1a).
        CHECK_THAT(test::slurp(data / file), Contains(version));
        const auto result = checked(file);
        const CheckReport& report = result->report();
        INFO(file << "\n" << test::report_text(report));
        const bool marks = std::string(file).find("marks") != std::string::npos;
        CHECK(report.cover_method == (marks ? LocateMethod::bleed_box : LocateMethod::page));
        CHECK(abs(report.cover.left() - (marks ? 29_pt : Length())) < 0.0005_in);
        CHECK(abs(report.cover.width - 12.879_in) < 0.0005_in);
        CHECK(abs(report.cover.height - 9.25_in) < 0.0005_in);
        const PrinterCheck& ingram = for_printer(report, "ingramspark");
        CHECK(finding(ingram, "pdfx") == nullptr);
        CHECK(finding(ingram, "color-space") == nullptr);
        CHECK(finding(ingram, "transparency") == nullptr);
        REQUIRE(finding(ingram, "ink-coverage"));
        CHECK_THAT(finding(ingram, "ink-coverage")->message,
                   Contains("IngramSpark allows at most 240%"));
        // 120 ppi: downsampled by the export so that the fixture stays small.
        CHECK(finding(ingram, "low-resolution-image"));
        CHECK(passed(ingram, "text inside the safe zone"));
        CHECK(passed(ingram, "spine text clear of both folds"));
        CHECK(passed(ingram, "art reaches the bleed"));
        // KDP takes the page as the cover, with no crop marks [KDP-H]: the marked page is
        // refused there (at a KDP book of the cover's size), and IngramSpark states no such rule.
        CHECK(finding(ingram, "page-not-cover") == nullptr);
        if (marks) {
            BookHints kdp_book;
            kdp_book.pages = 268;
            kdp_book.paper = "premium-color";
            const auto on_kdp = checked(file, kdp_book);
            INFO(test::report_text(on_kdp->report()));
            const PrinterCheck& kdp = for_printer(on_kdp->report(), "kdp");
            CHECK(finding(kdp, "size-mismatch") == nullptr);
            REQUIRE(finding(kdp, "page-not-cover"));
            CHECK_THAT(finding(kdp, "page-not-cover")->message,
                       Contains("the page is 13.6846 × 10.0556 in, the cover (12.879 × 9.25 in)"));
            CHECK(kdp.verdict == Verdict::fail);
        }
    }
}

TEST_CASE("check --json on a real Inkscape export gives each printer's verdict",
          "[check][real][exports][cli]") {
    const auto run = test::run_podcover({"check", (data / "inkscape-kdp-mm.pdf").string(),
                                         "--pages", "300", "--paper", "white", "--json"});
    INFO(run.out << run.err);
    CHECK(run.exit_code == 1);  // IngramSpark: the size is KDP's
    const auto json = nlohmann::json::parse(run.out);
    REQUIRE(json["printers"].size() == 2);
    CHECK(json["printers"][0]["printer"] == "kdp");
    CHECK(json["printers"][0]["verdict"] == "pass");
    CHECK(json["printers"][0]["findings"].empty());
    CHECK(json["printers"][1]["printer"] == "ingramspark");
    CHECK(json["printers"][1]["verdict"] == "fail");
    CHECK(json["printers"][1]["findings"][0]["code"] == "size-mismatch");
}
