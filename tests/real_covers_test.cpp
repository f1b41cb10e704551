// The checker on covers as real tools export them (tests/fixtures): IngramSpark template pages
// (vector, and flattened into one CMYK JPEG as Canva does), the printers' templates themselves,
// templates left visible, Illustrator's whole-point pages, and books only the printers' own
// calculators show they offer. Each class once failed falsely, or was not caught.
#include <filesystem>

#include "check_support.hpp"
#include "podcover/check/checker.hpp"
#include "podcover/errors.hpp"
#include "podcover/fixtures/fixtures.hpp"
#include "podcover/printer_file.hpp"
#include "podcover/render/job.hpp"
#include "run_podcover.hpp"
#include "support.hpp"

using namespace podcover;
using namespace podcover::literals;
using namespace podcover::check;
namespace fs = std::filesystem;
using Catch::Contains;
using podcover::test::TempDir;

namespace {

fs::path saved(const TempDir& dir, const std::string& name, const std::string& pdf) {
    const fs::path path = dir.path / (name + ".pdf");
    test::write(path, pdf);
    return path;
}

std::unique_ptr<CoverCheck> checked(
    const fs::path& file, BookHints hints = {},
    std::vector<const PrinterSpec*> printers = test::both_printers(),
    std::optional<fs::path> template_file = std::nullopt) {
    CheckRequest request;
    request.file = file;
    request.printers = std::move(printers);
    request.hints = std::move(hints);
    request.template_file = std::move(template_file);
    return CoverCheck::run(request);
}

std::vector<std::string> errors(const PrinterCheck& p) {
    std::vector<std::string> codes;
    for (const auto& f : p.findings) {
        if (f.severity == Severity::error)
            codes.push_back(f.code);
    }
    return codes;
}

fixtures::FlattenOptions quick_flatten() {
    fixtures::FlattenOptions options;
    options.pixels_per_inch = 150;  // the bench makes the 300 ppi page; tests stay quick
    options.quality = 90;
    return options;
}

}  // namespace

TEST_CASE("the printers' templates are compared with podcover's numbers, not checked",
          "[check][real][template]") {
    TempDir dir;
    for (const char* name :
         {"ingramspark-template-perfect-bound", "ingramspark-template-case-laminate",
          "ingramspark-template-dust-jacket", "kdp-template", "kdp-template-de"}) {
        INFO(name);
        const auto result = checked(saved(dir, name, fixtures::make_fixture(name)));
        const CheckReport& report = result->report();
        INFO(test::report_text(report));
        REQUIRE(report.printer_template.has_value());
        CHECK(report.printer_template->is_template);
        REQUIRE(report.printer_template->comparison.has_value());
        for (const auto& d : report.printer_template->comparison->differences())
            INFO(d.field << ": " << d.template_text << " against " << d.podcover_text);
        CHECK(report.printer_template->comparison->matches);
        CHECK(report.printers.empty());  // a template is not a cover
        CHECK_FALSE(report.any_failed());
    }
    // KDP's white paper at 0.0025 in a page (the trap of public calculators, PRINTERS.md §6):
    // the calculator's 0.108 in spine for 48 pages is not podcover's 0.12 in, and it says so.
    std::string wrong = test::slurp(fs::path(PODCOVER_TEMPLATES) / "kdp.toml");
    const std::string white = "[paperback.spine.white]";
    const auto at = wrong.find("per_page", wrong.find(white));
    REQUIRE(at != std::string::npos);
    const auto value = wrong.find("0.002252", at);
    REQUIRE(value != std::string::npos);
    wrong.replace(value, 8, "0.0025");  // 0.002252 -> 0.0025
    const PrinterSpec wrong_kdp = parse_printer_file(wrong, "kdp.toml with 0.0025 for white");
    const auto result = checked(saved(dir, "kdp-template", fixtures::make_fixture("kdp-template")),
                                {}, {&wrong_kdp});
    const CheckReport& report = result->report();
    REQUIRE(report.printer_template.has_value());
    REQUIRE(report.printer_template->comparison.has_value());
    CHECK_FALSE(report.printer_template->comparison->matches);
    CHECK(report.any_failed());
    bool spine = false;
    for (const auto& d : report.printer_template->comparison->differences())
        spine = spine || d.field == "spine_width";
    CHECK(spine);
}

TEST_CASE("covers on IngramSpark's template page pass IngramSpark", "[check][real][locate]") {
    TempDir dir;
    struct Case {
        const char* fixture;
        bool flattened;
        LocateMethod method;
    };
    const Case cases[] = {
        {"ingramspark-on-template-perfect-bound", false, LocateMethod::printer_template},
        {"ingramspark-on-template-case-laminate", false, LocateMethod::printer_template},
        {"ingramspark-on-template-dust-jacket", false, LocateMethod::printer_template},
        {"ingramspark-on-template-perfect-bound-canva", true, LocateMethod::template_layout},
        {"ingramspark-on-template-perfect-bound-canva-rgb", true, LocateMethod::template_layout},
    };
    for (const Case& c : cases) {
        INFO(c.fixture);
        const auto file = saved(dir, c.fixture, fixtures::make_fixture(c.fixture, quick_flatten()));
        const auto result = checked(file);
        const CheckReport& report = result->report();
        INFO(test::report_text(report));
        CHECK(report.cover_method == c.method);
        // The measured templates' artwork areas (PRINTERS.md §7, from the page's top-left).
        const Binding binding =
            std::string(c.fixture).find("case") != std::string::npos     ? Binding::case_laminate
            : std::string(c.fixture).find("jacket") != std::string::npos ? Binding::dust_jacket
                                                                         : Binding::paperback;
        const auto tpl = fixtures::ingramspark_template(binding);
        // Vector marks are exact; a 150 ppi JPEG's are found to about a pixel of the page.
        const Length within = c.flattened ? 0.012_in : 0.002_in;
        CHECK(abs(report.cover.left() - tpl.artwork.left()) <= within);
        CHECK(abs(report.cover.top() - tpl.artwork.top()) <= within);
        CHECK(report.cover.size().near(tpl.artwork.size(), within));
        const PrinterCheck* ingram = test::find_printer_check(report, "ingramspark");
        REQUIRE(ingram != nullptr);
        CHECK(errors(*ingram).empty());
        CHECK_FALSE(
            test::has_finding(*ingram, "template-visible"));  // the info block is beside the art
        // KDP takes no template page (nor a dust jacket): it is skipped, and the report says
        // why.
        CHECK(test::find_printer_check(report, "kdp") == nullptr);
        REQUIRE(report.skipped.size() == 1);
        CHECK_THAT(report.skipped[0].reason,
                   Contains("IngramSpark's template page") || Contains("offers no dust-jacket"));
        if (!c.flattened) {
            // Its info block tells the book: 238 pages.
            CHECK(ingram->book.pages == 238);
        }
    }
}

TEST_CASE("a template given with --template tells the book and where the artwork sits",
          "[check][real][template]") {
    TempDir dir;
    const auto tpl = fixtures::ingramspark_template(Binding::paperback);
    const fs::path template_file = saved(dir, "template", tpl.pdf);
    // The cover cropped to its sheet, as IngramSpark also takes it: the template's facts.
    const fs::path cover =
        saved(dir, "cover", fixtures::make_fixture("ingramspark-cover-perfect-bound"));
    {
        const auto result = checked(cover, {}, {&test::printer("ingramspark")}, template_file);
        const CheckReport& report = result->report();
        INFO(test::report_text(report));
        const PrinterCheck* ingram = test::find_printer_check(report, "ingramspark");
        REQUIRE(ingram != nullptr);
        CHECK(ingram->book.pages == 238);
        CHECK(ingram->book.paper == "cream");
        CHECK(errors(*ingram).empty());
        REQUIRE(report.printer_template.has_value());
        CHECK_FALSE(report.printer_template->is_template);
        CHECK(report.printer_template->comparison->matches);
    }
    {
        // The user's book has 300 pages: the cover made on the 238-page template is too narrow.
        BookHints hints;
        hints.pages = 300;
        const auto result = checked(cover, hints, {&test::printer("ingramspark")}, template_file);
        const CheckReport& report = result->report();
        INFO(test::report_text(report));
        const PrinterCheck* ingram = test::find_printer_check(report, "ingramspark");
        REQUIRE(ingram != nullptr);
        CHECK(test::has_finding(*ingram, "size-mismatch"));
    }
    {
        // On the template's page: the artwork area is the template's.
        const fs::path placed =
            saved(dir, "placed", fixtures::place_on_template(test::slurp(cover), tpl));
        const auto result = checked(placed, {}, test::both_printers(), template_file);
        const CheckReport& report = result->report();
        INFO(test::report_text(report));
        CHECK(report.cover_method == LocateMethod::printer_template);
        CHECK(abs(report.cover.left() - tpl.artwork.left()) <= 0.001_in);
        CHECK(abs(report.cover.top() - tpl.artwork.top()) <= 0.001_in);
        CHECK(report.cover.size().near(tpl.artwork.size(), 0.001_in));
    }
    // Not a template: one line, exit 3's error.
    CHECK_THROWS_AS(checked(cover, {}, test::both_printers(), cover), InputError);
}

TEST_CASE("a printer's template left visible is caught, in text and in pixels",
          "[check][real][template]") {
    TempDir dir;
    for (const char* name : {"kdp-cover-template-visible", "kdp-cover-template-visible-canva"}) {
        INFO(name);
        const auto result = checked(saved(dir, name, fixtures::make_fixture(name, quick_flatten())),
                                    {}, {&test::printer("kdp")});
        const CheckReport& report = result->report();
        INFO(test::report_text(report));
        const PrinterCheck* kdp = test::find_printer_check(report, "kdp");
        REQUIRE(kdp != nullptr);
        CHECK(test::has_finding(*kdp, "template-visible"));
        CHECK(kdp->verdict == Verdict::fail);
    }
    // The same cover without the template passes.
    const auto clean = checked(saved(dir, "kdp-cover", fixtures::make_fixture("kdp-cover")), {},
                               {&test::printer("kdp")});
    INFO(test::report_text(clean->report()));
    CHECK_FALSE(test::has_finding(clean->report().printers.at(0), "template-visible"));
    CHECK(clean->report().printers.at(0).verdict == Verdict::pass);
}

TEST_CASE("pages rounded to whole points, and books only the calculator shows", "[check][real]") {
    TempDir dir;
    {
        // Illustrator: 930.6432 x 666 pt exported as 931 x 666 pt, 0.005 in wide of KDP's: the
        // 300-page book's cover. (Without the page count, 931 pt is nearest 290 pages of
        // premium color: the count is a guess, and the report says so.)
        BookHints hints;
        hints.pages = 300;
        hints.paper = "white";
        const auto result =
            checked(saved(dir, "illustrator", fixtures::make_fixture("kdp-cover-illustrator")),
                    hints, {&test::printer("kdp")});
        INFO(test::report_text(result->report()));
        const PrinterCheck& kdp = result->report().printers.at(0);
        CHECK(errors(kdp).empty());
        CHECK_FALSE(test::has_finding(kdp, "size-mismatch"));
    }
    {
        // KDP's calculator made A4 standard-color templates at 68 pages (PRINTERS.md §1,
        // [KDP-CALC]): podcover's own cover of that book passes KDP, noted UNVERIFIED.
        const BookSpec a4{Binding::paperback, Size{8.27_in, 11.69_in}, 68, "standard-color"};
        const auto result = checked(saved(dir, "a4", fixtures::podcover_cover("kdp", a4)), {},
                                    {&test::printer("kdp")});
        const CheckReport& report = result->report();
        INFO(test::report_text(report));
        const PrinterCheck& kdp = report.printers.at(0);
        CHECK(errors(kdp).empty());
        CHECK(kdp.book.pages == 68);
        bool noted = false;
        for (const auto& n : kdp.notes)
            noted = noted || n.find("UNVERIFIED") != std::string::npos;
        CHECK(noted);
    }
}

TEST_CASE("spine text is measured by its ink, in a tall-ascent TrueType font and a Type 1 font",
          "[check][real][ink]") {
    TempDir dir;
    const BookSpec book{Binding::paperback, Size{6_in, 9_in}, 300, "white"};
    render::Job job = fixtures::sample_job_as("kdp", book);
    job.spine.lines.clear();  // the spine's text is drawn below, in the fonts under test
    const std::string cover = fixtures::podcover_cover(job, "kdp");
    const Layout layout = fixtures::layout_of("kdp", book);
    const Rect spine = layout.at("spine").rect;  // 0.6756 in between folds at 6.125, 6.8006 in
    struct Font {
        const char* file;
        const char* embedded_name;  // how Cairo names its subset
    };
    for (const Font font : {Font{fixtures::truetype_font, "DejaVuSans-Bold"},
                            Font{fixtures::type1_font, "NimbusSans-Bold"}}) {
        for (const bool tall : {false, true}) {
            for (const bool near_fold : {false, true}) {
                INFO(font.file << (tall ? ", tall ascent" : "")
                               << (near_fold ? ", near the fold" : ""));
                fixtures::TextItem title{"THE SALT ROAD", font.file, 16, {}, {}, 1};
                const Rect ink = fixtures::ink_of(title);
                // Centred, the ink clears both folds by about a quarter inch; near the fold,
                // by 0.03 in, where KDP asks for 0.0625 in.
                const Length left = near_fold ? spine.right() - 0.03_in - ink.width
                                              : spine.left() + (spine.width - ink.width) / 2;
                title = fixtures::placed_by_ink(title, left, 2_in);
                std::string text = fixtures::text_page(layout.sheet, {title});
                if (tall)
                    text = fixtures::with_tall_ascent(text, font.embedded_name);
                const fs::path file = saved(
                    dir, std::string("spine") + (tall ? "-tall" : "") + (near_fold ? "-near" : ""),
                    fixtures::place_page(cover, text, Length(), Length()));
                BookHints hints;
                hints.pages = 300;
                hints.paper = "white";
                const auto result = checked(file, hints, {&test::printer("kdp")});
                const CheckReport& report = result->report();
                INFO(test::report_text(report));
                const PrinterCheck& kdp = report.printers.at(0);
                CHECK(test::has_finding(kdp, "spine-text-clearance") == near_fold);
                CHECK_FALSE(test::has_finding(kdp, "text-outside-safe-zone"));
                if (tall) {
                    // The font box Poppler gives spans 3 em across the spine (0.67 in at 16 pt),
                    // wider than the spine: measured by it, the title would touch both folds.
                    const auto pdf =
                        CoverPdf::open(file, Deadline::after(std::chrono::seconds(60)));
                    int spine_words = 0;
                    for (const auto& word : pdf->inventory().words) {
                        if (word.rotation != 1)
                            continue;  // the cover's own text
                        ++spine_words;
                        CHECK(word.box.width > spine.width - 0.01_in);
                    }
                    CHECK(spine_words == 3);
                }
            }
        }
    }
}

TEST_CASE("render --on-template writes IngramSpark's cover on its template page",
          "[check][real][template][cli]") {
    TempDir dir;
    // The book the measured template is for: 5.5 x 8.5 in, 238 pages of creme.
    const fs::path job = test::sample_job;
    std::string text = test::slurp(job);
    text.replace(text.find("pages = 300"), 11, "pages = 238");
    text.replace(text.find("trim = \"6x9in\""), 14, "trim = \"5.5x8.5in\"");
    text.replace(text.find("paper = { kdp = \"white\", ingramspark = \"white\" }"), 48,
                 "paper = \"creme\"");
    fs::create_directories(dir.path / "art");
    fs::copy_file(job.parent_path() / "art" / "wrap.jpg", dir.path / "art" / "wrap.jpg");
    test::write(dir.path / "book.toml", text);
    const auto tpl = fixtures::ingramspark_template(Binding::paperback);
    test::write(dir.path / "template.pdf", tpl.pdf);

    const auto rendered = test::run_podcover(
        {"render", (dir.path / "book.toml").string(), "-o", (dir.path / "out").string(),
         "--printer", "ingramspark", "--on-template",
         "ingramspark=" + (dir.path / "template.pdf").string()});
    INFO(rendered.out << rendered.err);
    REQUIRE(rendered.exit_code == 0);
    CHECK_THAT(rendered.out, Contains("(cover, ingramspark, 15 \xC3\x97 12 in)"));
    const fs::path cover = dir.path / "out" / "salt-road.ingramspark.pdf";
    // Checked, the cover is where the template puts the artwork, and passes.
    const auto result = checked(cover, {}, {&test::printer("ingramspark")});
    const CheckReport& report = result->report();
    INFO(test::report_text(report));
    CHECK(report.page == Size{15_in, 12_in});
    CHECK(abs(report.cover.left() - tpl.artwork.left()) <= 0.001_in);
    CHECK(abs(report.cover.top() - tpl.artwork.top()) <= 0.001_in);
    CHECK(report.cover.size() == Size{11.791_in, 8.75_in});
    CHECK(errors(report.printers.at(0)).empty());
    // check --json on the template itself: the template object.
    const auto json = test::run_podcover({"check", (dir.path / "template.pdf").string(), "--json"});
    INFO(json.out << json.err);
    CHECK(json.exit_code == 0);
    CHECK_THAT(json.out, Contains("\"template\": {") && Contains("\"is_template\": true") &&
                             Contains("\"printer\": \"ingramspark\"") &&
                             Contains("\"pages\": 238") && Contains("\"matches\": true") &&
                             Contains("\"spine_width_in\": 0.541"));

    // A template for another book is refused before anything is written: exit 1, one line.
    text.replace(text.find("pages = 238"), 11, "pages = 300");
    test::write(dir.path / "book.toml", text);
    const auto refused = test::run_podcover(
        {"render", (dir.path / "book.toml").string(), "-o", (dir.path / "out2").string(),
         "--printer", "ingramspark", "--on-template",
         "ingramspark=" + (dir.path / "template.pdf").string()});
    CHECK(refused.exit_code == 1);
    CHECK_THAT(refused.err, Contains("not placed on IngramSpark's template") &&
                                Contains("this book's is 11.924 \xC3\x97 8.75 in (300 pages)"));
    CHECK_FALSE(fs::exists(dir.path / "out2" / "salt-road.ingramspark.pdf"));
    // A malformed option is a usage error.
    const auto usage =
        test::run_podcover({"render", (dir.path / "book.toml").string(), "-o",
                            (dir.path / "out3").string(), "--on-template", "template.pdf"});
    CHECK(usage.exit_code == 2);
    CHECK_THAT(usage.err, Contains("is not PRINTER=TEMPLATE.pdf"));
}

TEST_CASE("a cover exported with crop marks on a larger page is found from them, refused by KDP",
          "[check][real][locate]") {
    // InDesign's and Scribus's "crop marks" export: the sheet on a page half an inch larger on
    // every side, no page boxes, a mark at each corner of the trim, beyond the bleed.
    TempDir dir;
    const Layout layout =
        fixtures::layout_of("kdp", BookSpec{Binding::paperback, Size{6_in, 9_in}, 300, "white"});
    const fs::path file = saved(dir, "crop-marks", fixtures::make_fixture("kdp-cover-crop-marks"));
    const auto result = checked(file, {}, {&test::printer("kdp")});
    const CheckReport& report = result->report();
    INFO(test::report_text(report));
    CHECK(report.cover_method == LocateMethod::marks);
    CHECK(abs(report.cover.left() - 0.5_in) <= 0.0005_in);
    CHECK(abs(report.cover.top() - 0.5_in) <= 0.0005_in);
    CHECK(report.cover.size() == layout.sheet);
    // Found, and refused: KDP takes the page as the cover, without crop marks [KDP-H].
    CHECK(errors(report.printers.at(0)) == std::vector<std::string>{"page-not-cover"});
    CHECK_THAT(test::with_code(report.printers.at(0), "page-not-cover").at(0)->message,
               Contains("the page is 13.9256 × 10.25 in, the cover (12.9256 × 9.25 in) inside it "
                        "with crop or fold marks around"));
}
