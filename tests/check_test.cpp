// The checker: covers made by podcover's own code, clean and with one defect each, checked
// against both printers. Each defect's test fails without its check; the clean covers pass.
#include <cairo-pdf.h>
#include <nlohmann/json.hpp>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFWriter.hh>

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "check_support.hpp"
#include "podcover/check/check_proof.hpp"
#include "podcover/check/checker.hpp"
#include "podcover/errors.hpp"
#include "podcover/render/cover.hpp"
#include "podcover/render/render_job.hpp"
#include "run_podcover.hpp"
#include "support.hpp"

using namespace podcover;
using namespace podcover::literals;
using namespace podcover::check;
namespace fs = std::filesystem;
using Catch::Contains;
using podcover::test::findings_text;
using podcover::test::for_printer;
using podcover::test::inferred_text;
using podcover::test::sample_job;
using podcover::test::slurp;
using podcover::test::TempDir;
using podcover::test::with_code;
using podcover::test::write;

namespace {

// A job's covers, composed by the renderer, for drawing fixtures with one change each.
struct Composed {
    render::Job job;
    std::vector<Layout> layouts;
    std::vector<render::CoverPlan> plans;
    std::unique_ptr<render::Resources> resources;
};

Composed compose(const std::string& job_text, const fs::path& dir,
                 std::vector<const PrinterSpec*> printers = test::both_printers()) {
    fs::create_directories(dir / "art");
    if (!fs::exists(dir / "art" / "wrap.jpg"))
        fs::copy_file(sample_job.parent_path() / "art" / "wrap.jpg", dir / "art" / "wrap.jpg");
    write(dir / "book.toml", job_text);
    Composed c;
    c.job = render::read_job_file(dir / "book.toml");
    const auto facts = render::book_facts(c.job, printers);
    for (const PrinterSpec* printer : printers) {
        c.layouts.push_back(
            compute_layout(*printer, BookSpec{c.job.binding, facts.trim, facts.pages,
                                              c.job.paper_for(printer->id)})
                .layout.value());
    }
    c.resources = std::make_unique<render::Resources>(c.job);
    std::vector<const Layout*> pointers;
    for (const auto& l : c.layouts)
        pointers.push_back(&l);
    const auto shared = render::share_design(c.job, pointers, *c.resources);
    for (const auto& l : c.layouts)
        c.plans.push_back(render::compose_cover(c.job, l, shared, *c.resources));
    return c;
}

// Draws a plan into a one-page PDF of the given page size, the cover at `offset`, then lets
// `extra` draw more (in points, the cover's top-left at the origin).
void draw_pdf(const fs::path& path, const render::CoverPlan& plan, Size page, Size offset = {},
              const std::function<void(cairo_t*)>& extra = {}, int pages = 1) {
    const render::CairoSurface surface(
        cairo_pdf_surface_create(path.c_str(), page.width.pt(), page.height.pt()));
    const render::Cairo cr(cairo_create(surface.get()));
    for (int i = 0; i < pages; ++i) {
        cairo_save(cr.get());
        cairo_translate(cr.get(), offset.width.pt(), offset.height.pt());
        render::draw_plan(cr.get(), plan, render::Target::pdf);
        if (extra)
            extra(cr.get());
        cairo_restore(cr.get());
        cairo_show_page(cr.get());
    }
    cairo_surface_finish(surface.get());
    REQUIRE(cairo_surface_status(surface.get()) == CAIRO_STATUS_SUCCESS);
}

std::unique_ptr<CoverCheck> run_check(
    const fs::path& file, BookHints hints = {},
    std::vector<const PrinterSpec*> printers = test::both_printers()) {
    CheckRequest request;
    request.file = file;
    request.printers = std::move(printers);
    request.hints = std::move(hints);
    return CoverCheck::run(request);
}

// Text drawn with the default sans (embedded by Cairo), its baseline's left end at (x, y).
void text_at(cairo_t* cr, const std::string& text, Length x, Length y, double size = 10,
             render::Color color = render::Color::white()) {
    static render::FontLibrary fonts;
    render::TextStyle style;
    style.font = fonts.default_font("sans");
    style.size_pt = size;
    style.color = color;
    render::draw_line(cr, render::shape_line(text, style), style, x.pt(), y.pt());
}

const std::string sample_text = slurp(sample_job);
std::string job_with(const std::string& from, const std::string& to) {
    std::string text = sample_text;
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

// A job without its wrap art (the sample's is painted for the 300-page white paperback, and
// is below 300 ppi on larger sheets): its colours only.
std::string without_art(std::string text) {
    const std::string wrap = "wrap = \"art/wrap.jpg\"";
    const auto at = text.find(wrap);
    REQUIRE(at != std::string::npos);
    return text.erase(at, wrap.size());
}

}  // namespace

// ---- clean covers ------------------------------------------------------------------------

TEST_CASE("podcover's own covers pass their printer, for every binding", "[check][clean]") {
    TempDir dir;
    struct Case {
        std::string binding;
        std::vector<std::string> printers;
    };
    for (const Case& c :
         {Case{"paperback", {"kdp", "ingramspark"}}, Case{"case-laminate", {"kdp", "ingramspark"}},
          Case{"dust-jacket", {"ingramspark"}}}) {
        std::string text = job_with("binding = \"paperback\"", "binding = \"" + c.binding + "\"");
        // The sample's art is painted for the paperback: on a hardcover's larger sheet it is
        // below 300 ppi (a true warning). Hardcovers here are in the job's colours.
        if (c.binding != "paperback")
            text = without_art(text);
        std::vector<const PrinterSpec*> printers;
        for (const auto& id : c.printers)
            printers.push_back(&test::printer(id));
        const fs::path out = dir.path / c.binding;
        write(dir.path / "book.toml", text);
        fs::create_directories(dir.path / "art");
        if (!fs::exists(dir.path / "art" / "wrap.jpg"))
            fs::copy_file(sample_job.parent_path() / "art" / "wrap.jpg",
                          dir.path / "art" / "wrap.jpg");
        const auto rendered =
            render::render_job(render::read_job_file(dir.path / "book.toml"), printers, out);
        for (const auto& layout : rendered.layouts) {
            INFO(c.binding << " on " << layout.printer_id);
            const auto checked = run_check(
                out / ("salt-road." + layout.printer_id + ".pdf"),
                BookHints{layout.binding, layout.trim, layout.pages, layout.paper_id, {}, {}},
                {&test::printer(layout.printer_id)});
            const PrinterCheck& p = checked->report().printers.front();
            INFO(findings_text(p));
            // IngramSpark's cover is CMYK PDF/X-1a (docs/color.md): no colour warning either.
            for (const auto& f : p.findings)
                CHECK(f.severity == Severity::note);
            CHECK(p.verdict == Verdict::pass);
            // Poppler gives the page to 0.001 pt.
            CHECK(checked->report().cover.size().near(layout.sheet, 0.0001_in));
        }
    }
}

// ---- inference -----------------------------------------------------------------------------

TEST_CASE("the book is inferred from the cover's size", "[check][infer]") {
    TempDir dir;
    // KDP cream, 300 pages: 13.000 in wide.
    // (No art: the sample's, painted for the white paperback, is 298 ppi on the cream one.)
    std::string cream_job =
        job_with("paper = { kdp = \"white\", ingramspark = \"white\" }", "paper = \"cream\"");
    cream_job = without_art(cream_job);
    Composed cream = compose(cream_job, dir.path, {&test::printer("kdp")});
    draw_pdf(dir.path / "cream.pdf", cream.plans[0], cream.layouts[0].sheet);
    const auto checked = run_check(dir.path / "cream.pdf");
    const CheckReport& report = checked->report();
    const std::string inferred = inferred_text(report);
    INFO(inferred);
    CHECK_THAT(inferred, Contains("trim=6 \xC3\x97 9 in"));
    REQUIRE(report.fits.size() >= 2);
    CHECK(report.fits[0] == "KDP paperback 6 \xC3\x97 9 in on cream, 300 pages");
    // 13.000 in also fits KDP white at 333 pages (the example) and IngramSpark's 70#
    // white at 276.
    CHECK(std::find(report.fits.begin(), report.fits.end(),
                    "KDP paperback 6 \xC3\x97 9 in on white, 333 pages") != report.fits.end());
    CHECK(std::find(report.fits.begin(), report.fits.end(),
                    "IngramSpark paperback 6 \xC3\x97 9 in on white-70, 276 pages") !=
          report.fits.end());
    // Without the page count, a book has one: IngramSpark's groundwood also fits at 300
    // pages, so each printer is checked at 300 pages on its own paper.
    CHECK_THAT(inferred, Contains("pages=300 (the cover's size fits this count on KDP's cream and "
                                  "IngramSpark's groundwood"));
    for (const char* id : {"kdp", "ingramspark"}) {
        const PrinterCheck& p = for_printer(report, id);
        INFO(id << "\n" << findings_text(p));
        CHECK(p.book.pages == 300);
        CHECK(with_code(p, "size-mismatch").empty());
        CHECK(with_code(p, "pages-uncertain").empty());
    }
    CHECK(for_printer(report, "kdp").verdict == Verdict::pass);
    CHECK(for_printer(report, "ingramspark").book.paper == "groundwood");
    // A KDP cover leaves KDP's barcode area clear and prints no barcode: IngramSpark, which
    // needs one, is told where it can place its own.
    const PrinterCheck& ingram_guess = for_printer(report, "ingramspark");
    REQUIRE(with_code(ingram_guess, "barcode-area-clear").size() == 1);
    CHECK(with_code(ingram_guess, "barcode-area-clear")[0]->severity == Severity::note);
    CHECK_THAT(with_code(ingram_guess, "barcode-area-clear")[0]->message,
               Contains("no barcode on the cover; IngramSpark can place its own"));

    // KDP white at 120 pages (12.5202 in) fits no IngramSpark paper at 120 pages, only at
    // other counts: either printer's fit may be the book, so each is checked with its own and
    // warned that the cover is right for at most one of them.
    std::string thin_job = job_with("pages = 300", "pages = 120");
    thin_job = without_art(thin_job);
    Composed thin = compose(thin_job, dir.path / "thin", {&test::printer("kdp")});
    draw_pdf(dir.path / "thin.pdf", thin.plans[0], thin.layouts[0].sheet);
    const auto thin_checked = run_check(dir.path / "thin.pdf");
    const CheckReport& thin_report = thin_checked->report();
    REQUIRE(thin_report.inferred.size() >= 4);
    CHECK(thin_report.inferred[3].what == "pages");
    CHECK_THAT(thin_report.inferred[3].value,
               Contains("120 on KDP's white or ") && Contains(" on IngramSpark's "));
    for (const char* id : {"kdp", "ingramspark"}) {
        const PrinterCheck& p = for_printer(thin_report, id);
        INFO(id << "\n" << findings_text(p));
        CHECK(with_code(p, "size-mismatch").empty());
        REQUIRE(with_code(p, "pages-uncertain").size() == 1);
        CHECK_THAT(with_code(p, "pages-uncertain")[0]->message,
                   Contains("the cover is right for at most one printer"));
    }
    CHECK(for_printer(thin_report, "kdp").book.pages == 120);
    CHECK(for_printer(thin_report, "kdp").verdict == Verdict::warn);
    CHECK(for_printer(thin_report, "ingramspark").book.pages != 120);

    // Given the page count, the same book on IngramSpark's creme is 0.076 in narrower: a cover
    // made for the other stock.
    const auto given = run_check(dir.path / "cream.pdf",
                                 BookHints{std::nullopt, std::nullopt, 300, "cream", {}, {}});
    CHECK(for_printer(given->report(), "kdp").verdict == Verdict::pass);
    const PrinterCheck& ingram = for_printer(given->report(), "ingramspark");
    INFO(findings_text(ingram));
    REQUIRE(with_code(ingram, "size-mismatch").size() == 1);
    CHECK_THAT(with_code(ingram, "size-mismatch")[0]->message,
               Contains("IngramSpark needs 12.924 \xC3\x97 9.25 in") &&
                   Contains("0.076 in (1.93 mm) too wide") &&
                   Contains("fits KDP paperback 6 \xC3\x97 9 in on cream, 300 pages"));
    CHECK(ingram.verdict == Verdict::fail);

    // An IngramSpark white cover infers IngramSpark's stock.
    Composed white = compose(sample_text, dir.path / "w", {&test::printer("ingramspark")});
    draw_pdf(dir.path / "ingram.pdf", white.plans[0], white.layouts[0].sheet);
    const auto ingram_checked = run_check(dir.path / "ingram.pdf");
    CHECK_THAT(ingram_checked->report().fits.at(0),
               Contains("IngramSpark paperback 6 \xC3\x97 9 in on white, 300 pages"));
    const PrinterCheck& own = for_printer(ingram_checked->report(), "ingramspark");
    INFO(findings_text(own));
    CHECK(own.book.pages == 300);
    CHECK(own.book.paper == "white");
    CHECK(with_code(own, "pages-uncertain").size() == 1);
    // IngramSpark's own cover: nothing worse than warnings (RGB, and the page-count guess).
    CHECK(own.verdict == Verdict::warn);
}

// ---- one defect each -----------------------------------------------------------------------

TEST_CASE("size-mismatch and not-single-page", "[check][findings]") {
    TempDir dir;
    Composed c = compose(sample_text, dir.path);
    // KDP's cover, two pages.
    draw_pdf(dir.path / "two.pdf", c.plans[0], c.layouts[0].sheet, {}, {}, 2);
    const auto checked =
        run_check(dir.path / "two.pdf",
                  BookHints{Binding::paperback, Size{6_in, 9_in}, 300, "white", {}, {}});
    const PrinterCheck& kdp = for_printer(checked->report(), "kdp");
    CHECK(with_code(kdp, "size-mismatch").empty());
    REQUIRE(with_code(kdp, "not-single-page").size() == 1);
    CHECK_THAT(with_code(kdp, "not-single-page")[0]->message, Contains("2 pages"));
    const PrinterCheck& ingram = for_printer(checked->report(), "ingramspark");
    REQUIRE(with_code(ingram, "size-mismatch").size() == 1);
    CHECK_THAT(with_code(ingram, "size-mismatch")[0]->message,
               Contains("0.047 in (1.18 mm) too wide"));
}

TEST_CASE("text outside the safe zone, per printer", "[check][findings]") {
    TempDir dir;
    Composed c = compose(sample_text, dir.path);
    const Layout& kdp_layout = c.layouts[0];
    // 0.2 in inside the front's trim: inside KDP's 0.125 in safe margin rule? No: outside
    // IngramSpark's 0.25 in (a warning: inside its 0.125 in hard limit), inside KDP's.
    const Rect& front = kdp_layout.at("front").rect;
    draw_pdf(dir.path / "near.pdf", c.plans[0], kdp_layout.sheet, {}, [&](cairo_t* cr) {
        text_at(cr, "NEAR THE EDGE", front.left() + 1_in, front.bottom() - 0.2_in);
        text_at(cr, "OFF THE EDGE", front.left() + 3_in, front.bottom() - 0.05_in);
    });
    const auto checked =
        run_check(dir.path / "near.pdf",
                  BookHints{Binding::paperback, Size{6_in, 9_in}, 300, "white", {}, {}});
    const PrinterCheck& kdp = for_printer(checked->report(), "kdp");
    INFO(findings_text(kdp));
    const auto kdp_found = with_code(kdp, "text-outside-safe-zone");
    REQUIRE(kdp_found.size() == 1);  // only the text 0.05 in from the trim
    CHECK_THAT(kdp_found[0]->message, Contains("'OFF THE EDGE'"));
    CHECK(kdp_found[0]->severity == Severity::error);
    CHECK(kdp_found[0]->box->bottom() > front.bottom() - 0.125_in);
    const PrinterCheck& ingram = for_printer(checked->report(), "ingramspark");
    std::string near_severity;
    for (const auto* f : with_code(ingram, "text-outside-safe-zone")) {
        if (f->message.find("NEAR THE EDGE") != std::string::npos)
            near_severity = std::string(severity_id(f->severity));
    }
    CHECK(near_severity == "warning");  // between IngramSpark's 0.25 in rule and its 0.125 in limit
}

TEST_CASE("back copy and a front title on one baseline stay apart", "[check][findings]") {
    TempDir dir;
    Composed c = compose(sample_text, dir.path, {&test::printer("kdp")});
    const Layout& layout = c.layouts[0];
    const Rect& back_safe = layout.at("back-safe").rect;
    const Rect& front_safe = layout.at("front-safe").rect;
    // The last line of the back copy ends at the back's safe line; a 48 pt title starts at
    // the front's, on the same baseline: 0.93 in apart across the spine, less than one em of
    // the title, so one run spanning the spine used to be found outside the safe zone.
    const Length baseline = back_safe.top() + 2_in;
    draw_pdf(dir.path / "baseline.pdf", c.plans[0], layout.sheet, {}, [&](cairo_t* cr) {
        render::FontLibrary fonts;
        render::TextStyle style;
        style.font = fonts.default_font("sans");
        style.size_pt = 10;
        const auto copy = render::shape_line("and the road goes on.", style);
        render::draw_line(cr, copy, style, (back_safe.right() - 0.02_in).pt() - copy.width_pt,
                          baseline.pt());
        text_at(cr, "SALT", front_safe.left() + 0.02_in, baseline, 48);
    });
    const auto checked =
        run_check(dir.path / "baseline.pdf",
                  BookHints{Binding::paperback, Size{6_in, 9_in}, 300, "white", {}, {}},
                  {&test::printer("kdp")});
    const PrinterCheck& kdp = checked->report().printers.front();
    INFO(findings_text(kdp));
    CHECK(with_code(kdp, "text-outside-safe-zone").empty());
    CHECK(with_code(kdp, "fold-detail").empty());
}

TEST_CASE("spine text too near a fold, and spine text below the page minimum",
          "[check][findings]") {
    TempDir dir;
    Composed c = compose(sample_text, dir.path, {&test::printer("kdp")});
    const Layout& layout = c.layouts[0];
    const Rect& spine = layout.at("spine").rect;
    // A word on the spine, turned to run down it, 0.03 in from the back fold.
    render::CoverPlan plan = c.plans[0];
    plan.ops.erase(std::remove_if(plan.ops.begin(), plan.ops.end(),
                                  [](const render::CoverPlan::Op& op) {
                                      const auto* w = std::get_if<render::CoverPlan::Words>(&op);
                                      return w && w->rotation != 0;
                                  }),
                   plan.ops.end());
    draw_pdf(dir.path / "spine.pdf", plan, layout.sheet, {}, [&](cairo_t* cr) {
        cairo_save(cr);
        cairo_translate(cr, (spine.left() + 0.03_in).pt(), (spine.top() + 2_in).pt());
        cairo_rotate(cr, M_PI / 2);
        text_at(cr, "CRAMPED", 0_in, -2_pt,
                10);  // tops toward the front: spans x = +2 pt .. +12 pt
        cairo_restore(cr);
    });
    const auto checked =
        run_check(dir.path / "spine.pdf",
                  BookHints{Binding::paperback, Size{6_in, 9_in}, 300, "white", {}, {}},
                  {&test::printer("kdp")});
    const PrinterCheck& kdp = checked->report().printers.front();
    INFO(findings_text(kdp));
    REQUIRE(with_code(kdp, "spine-text-clearance").size() == 1);
    CHECK_THAT(with_code(kdp, "spine-text-clearance")[0]->message,
               Contains("'CRAMPED'") && Contains("from the back fold"));
}

TEST_CASE("spine text on a book too thin for it", "[check][findings]") {
    TempDir dir;
    // A 60-page book: KDP allows spine text from 80 pages, so the renderer sets none; a word
    // drawn down the middle of the spine is then the defect.
    Composed c = compose(job_with("pages = 300", "pages = 60"), dir.path, {&test::printer("kdp")});
    const Layout& layout = c.layouts[0];
    REQUIRE_FALSE(layout.spine_text_allowed);
    const Rect& spine = layout.at("spine").rect;
    draw_pdf(dir.path / "thin.pdf", c.plans[0], layout.sheet, {}, [&](cairo_t* cr) {
        cairo_save(cr);
        cairo_translate(cr, (spine.left() + spine.width / 2).pt() - 2, (spine.top() + 3_in).pt());
        cairo_rotate(cr, M_PI / 2);
        text_at(cr, "TITLE", 0_in, 0_in, 5);
        cairo_restore(cr);
    });
    const auto checked = run_check(
        dir.path / "thin.pdf", BookHints{Binding::paperback, Size{6_in, 9_in}, 60, "white", {}, {}},
        {&test::printer("kdp")});
    const PrinterCheck& kdp = checked->report().printers.front();
    INFO(findings_text(kdp));
    REQUIRE(with_code(kdp, "spine-text-not-allowed").size() == 1);
    CHECK_THAT(with_code(kdp, "spine-text-not-allowed")[0]->message,
               Contains("60 pages") && Contains("from 80 pages"));
}

TEST_CASE("art that stops at the trim: no-bleed", "[check][findings]") {
    TempDir dir;
    Composed c =
        compose(job_with("wrap = \"art/wrap.jpg\"", ""), dir.path, {&test::printer("kdp")});
    const Layout& layout = c.layouts[0];
    render::CoverPlan plan = c.plans[0];
    // The background over the trim only: the bleed stays paper white.
    std::get<render::CoverPlan::Fill>(plan.ops[0]).rect = layout.at("trim").rect;
    draw_pdf(dir.path / "nobleed.pdf", plan, layout.sheet);
    const auto checked =
        run_check(dir.path / "nobleed.pdf",
                  BookHints{Binding::paperback, Size{6_in, 9_in}, 300, "white", {}, {}},
                  {&test::printer("kdp")});
    const PrinterCheck& kdp = checked->report().printers.front();
    INFO(findings_text(kdp));
    CHECK(with_code(kdp, "no-bleed").size() == 4);  // top, bottom, left and right
    CHECK(kdp.verdict == Verdict::fail);
}

TEST_CASE("a hard edge at a fold: fold-detail, from shapes and from pixels", "[check][findings]") {
    TempDir dir;
    // A spine coloured apart from the covers: a hard edge at each fold.
    Composed c = compose(job_with("wrap = \"art/wrap.jpg\"", "").replace(0, 0, ""), dir.path,
                         {&test::printer("kdp")});
    std::string text = job_with("wrap = \"art/wrap.jpg\"", "");
    text.replace(text.find("spine = \"#1f2a3a\""), 17, "spine = \"#7a1f2a\"");
    Composed edged = compose(text, dir.path / "e", {&test::printer("kdp")});
    draw_pdf(dir.path / "edges.pdf", edged.plans[0], edged.layouts[0].sheet);
    const BookHints hints{Binding::paperback, Size{6_in, 9_in}, 300, "white", {}, {}};
    const auto checked = run_check(dir.path / "edges.pdf", hints, {&test::printer("kdp")});
    const PrinterCheck& kdp = checked->report().printers.front();
    INFO(findings_text(kdp));
    const auto edges = with_code(kdp, "fold-detail");
    REQUIRE(edges.size() == 2);
    CHECK(abs(edges[0]->box->x - edged.layouts[0].at("spine").rect.left()) <= 0.01_in);
    // The same cover flattened into one image: the edges are found in its pixels.
    const render::CairoSurface image(cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1300, 925));
    {
        const render::Cairo cr(cairo_create(image.get()));
        cairo_scale(cr.get(), 100.0 / 72, 100.0 / 72);
        render::draw_plan(cr.get(), edged.plans[0], render::Target::raster, 100);
    }
    const render::CairoSurface pdf(cairo_pdf_surface_create((dir.path / "flat.pdf").c_str(),
                                                            edged.layouts[0].sheet.width.pt(),
                                                            edged.layouts[0].sheet.height.pt()));
    {
        const render::Cairo cr(cairo_create(pdf.get()));
        cairo_scale(cr.get(), 72.0 / 100, 72.0 / 100);
        cairo_set_source_surface(cr.get(), image.get(), 0, 0);
        cairo_paint(cr.get());
    }
    cairo_surface_finish(pdf.get());
    const auto flat = run_check(dir.path / "flat.pdf", hints, {&test::printer("kdp")});
    const PrinterCheck& flat_kdp = flat->report().printers.front();
    INFO(findings_text(flat_kdp));
    CHECK(flat->report().image_only);
    CHECK(with_code(flat_kdp, "fold-detail").size() == 2);
    CHECK(with_code(flat_kdp, "low-resolution-image").size() == 1);  // 100 ppi
    CHECK_THAT(with_code(flat_kdp, "low-resolution-image")[0]->message,
               Contains("placed at 100 ppi"));
    // The clean sample has neither.
    Composed clean = compose(sample_text, dir.path / "c", {&test::printer("kdp")});
    draw_pdf(dir.path / "clean.pdf", clean.plans[0], clean.layouts[0].sheet);
    const auto clean_checked = run_check(dir.path / "clean.pdf", hints, {&test::printer("kdp")});
    CHECK(with_code(clean_checked->report().printers.front(), "fold-detail").empty());
}

TEST_CASE("barcode areas: KDP's must be clear, IngramSpark needs a barcode or room for one",
          "[check][findings]") {
    TempDir dir;
    Composed c = compose(sample_text, dir.path);
    const BookHints hints{Binding::paperback, Size{6_in, 9_in}, 300, "white", {}, {}};
    // KDP: back copy in its barcode area.
    const Rect& kdp_code = c.layouts[0].at("barcode").rect;
    draw_pdf(dir.path / "kdp.pdf", c.plans[0], c.layouts[0].sheet, {}, [&](cairo_t* cr) {
        text_at(cr, "Praise for the author", kdp_code.left() + 0.1_in, kdp_code.top() + 0.5_in);
    });
    const auto kdp_checked = run_check(dir.path / "kdp.pdf", hints, {&test::printer("kdp")});
    const PrinterCheck& kdp = kdp_checked->report().printers.front();
    INFO(findings_text(kdp));
    REQUIRE(with_code(kdp, "barcode-area-not-clear").size() == 1);
    CHECK_THAT(with_code(kdp, "barcode-area-not-clear")[0]->message, Contains("(it holds text)"));
    // KDP with podcover's barcode printed: noted, not an error.
    std::string printed = job_with("kdp = \"leave-clear\"", "kdp = \"print\"");
    Composed own = compose(printed, dir.path / "own", {&test::printer("kdp")});
    draw_pdf(dir.path / "own.pdf", own.plans[0], own.layouts[0].sheet);
    const auto own_checked = run_check(dir.path / "own.pdf", hints, {&test::printer("kdp")});
    const PrinterCheck& own_kdp = own_checked->report().printers.front();
    INFO(findings_text(own_kdp));
    REQUIRE(with_code(own_kdp, "barcode-found").size() == 1);
    CHECK_THAT(with_code(own_kdp, "barcode-found")[0]->message,
               Contains("9780306406157") && Contains("tell KDP"));
    CHECK(with_code(own_kdp, "barcode-area-not-clear").empty());

    // IngramSpark: no barcode and a back cover busy everywhere.
    const Layout& ingram = c.layouts[1];
    render::CoverPlan busy = c.plans[1];
    busy.ops.erase(std::remove_if(busy.ops.begin(), busy.ops.end(),
                                  [](const render::CoverPlan::Op& op) {
                                      return std::holds_alternative<render::CoverPlan::Code>(op);
                                  }),
                   busy.ops.end());
    draw_pdf(dir.path / "busy.pdf", busy, ingram.sheet, {}, [&](cairo_t* cr) {
        const Rect& back = ingram.at("back-safe").rect;
        for (Length y = back.top() + 0.15_in; y < back.bottom(); y += 0.15_in) {
            text_at(cr,
                    "Lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor",
                    back.left(), y, 9);
        }
    });
    const auto busy_checked =
        run_check(dir.path / "busy.pdf", hints, {&test::printer("ingramspark")});
    const PrinterCheck& busy_ingram = busy_checked->report().printers.front();
    INFO(findings_text(busy_ingram));
    REQUIRE(with_code(busy_ingram, "barcode-area-not-clear").size() == 1);
    CHECK_THAT(with_code(busy_ingram, "barcode-area-not-clear")[0]->message,
               Contains("no clear 1.75 \xC3\x97 1 in area"));
    // The sample's IngramSpark cover carries the barcode: found.
    draw_pdf(dir.path / "ingram.pdf", c.plans[1], ingram.sheet);
    const auto ingram_checked =
        run_check(dir.path / "ingram.pdf", hints, {&test::printer("ingramspark")});
    CHECK(with_code(ingram_checked->report().printers.front(), "barcode-found").size() == 1);
}

// ---- structure: qpdf-built files ------------------------------------------------------------

namespace {
// A one-page PDF of KDP's 6 x 9 in, 300-page sheet (930.6432 x 666 pt) whose content and
// resources are given; `after` may change the document before it is written.
void qpdf_file(const fs::path& path, const std::string& content, const std::string& resources,
               const std::function<void(QPDF&, QPDFWriter&)>& before_write = {}) {
    QPDF pdf;
    pdf.emptyPDF();
    auto page = pdf.makeIndirectObject(QPDFObjectHandle::parse(
        "<< /Type /Page /MediaBox [0 0 930.6432 666] /Resources " + resources + " >>"));
    page.replaceKey("/Contents", QPDFObjectHandle::newStream(&pdf, content));
    QPDFPageDocumentHelper(pdf).addPage(page, false);
    QPDFWriter writer(pdf, path.c_str());
    writer.setStaticID(true);
    if (before_write)
        before_write(pdf, writer);
    writer.write();
}
}  // namespace

TEST_CASE("fonts not embedded, colour spaces, encryption and annotations",
          "[check][findings][structure]") {
    TempDir dir;
    const BookHints hints{Binding::paperback, Size{6_in, 9_in}, 300, "white", {}, {}};
    // A full-bleed CMYK fill, and a line of text in Helvetica, not embedded.
    const std::string cmyk_art = "0.2 0.4 0.6 0.1 k 0 0 930.6432 666 re f ";
    qpdf_file(dir.path / "font.pdf",
              cmyk_art + "0 0 0 1 k BT /F1 18 Tf 500 400 Td (Not embedded) Tj ET",
              "<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>");
    const auto font = run_check(dir.path / "font.pdf", hints);
    for (const auto& p : font->report().printers) {
        INFO(p.printer->id << "\n" << findings_text(p));
        REQUIRE(with_code(p, "font-not-embedded").size() == 1);
        CHECK_THAT(with_code(p, "font-not-embedded")[0]->message, Contains("Helvetica"));
        CHECK(with_code(p, "color-space").empty());  // CMYK only: nothing to say
    }
    // RGB art: IngramSpark warns, KDP (RGB and CMYK both accepted) does not.
    qpdf_file(dir.path / "rgb.pdf", "0.2 0.4 0.6 rg 0 0 930.6432 666 re f", "<< >>");
    const auto rgb = run_check(dir.path / "rgb.pdf", hints);
    CHECK(with_code(for_printer(rgb->report(), "ingramspark"), "color-space").size() == 1);
    CHECK_THAT(with_code(for_printer(rgb->report(), "ingramspark"), "color-space")[0]->message,
               Contains("DeviceRGB") && Contains("CMYK") && Contains("PDF/X-1a:2001"));
    CHECK(with_code(for_printer(rgb->report(), "kdp"), "color-space").empty());

    // Encrypted without a user password: readable, and a finding.
    qpdf_file(dir.path / "locked.pdf", cmyk_art, "<< >>", [](QPDF&, QPDFWriter& writer) {
        writer.setR6EncryptionParameters("", "owner", true, true, true, true, true, true,
                                         qpdf_r3p_full, true);
    });
    const auto locked = run_check(dir.path / "locked.pdf", hints);
    CHECK(with_code(for_printer(locked->report(), "kdp"), "encrypted").size() == 1);
    // With a user password: unreadable.
    qpdf_file(dir.path / "password.pdf", cmyk_art, "<< >>", [](QPDF&, QPDFWriter& writer) {
        writer.setR6EncryptionParameters("secret", "owner", true, true, true, true, true, true,
                                         qpdf_r3p_full, true);
    });
    CHECK_THROWS_WITH(run_check(dir.path / "password.pdf", hints),
                      Contains("needs a password to open"));

    // An annotation.
    qpdf_file(dir.path / "note.pdf", cmyk_art, "<< >>", [](QPDF& pdf, QPDFWriter&) {
        auto page = QPDFPageDocumentHelper(pdf).getAllPages().at(0).getObjectHandle();
        page.replaceKey("/Annots", QPDFObjectHandle::parse(
                                       "[<< /Type /Annot /Subtype /Text /Rect [100 100 120 120] "
                                       "/Contents (fix this) >>]"));
    });
    const auto note = run_check(dir.path / "note.pdf", hints);
    CHECK(with_code(for_printer(note->report(), "kdp"), "annotations").size() == 1);

    // A broken embedded font: Poppler's complaints become a finding, not a crash.
    qpdf_file(
        dir.path / "broken-font.pdf", cmyk_art + "BT /F1 24 Tf 500 300 Td (Broken) Tj ET", "<< >>",
        [](QPDF& pdf, QPDFWriter&) {
            auto descriptor = pdf.makeIndirectObject(QPDFObjectHandle::parse(
                "<< /Type /FontDescriptor /FontName /Broken /Flags 32 /FontBBox [0 0 1000 1000] "
                "/ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >>"));
            descriptor.replaceKey("/FontFile2",
                                  QPDFObjectHandle::newStream(&pdf, std::string(5000, 'B')));
            auto broken_font = pdf.makeIndirectObject(QPDFObjectHandle::parse(
                "<< /Type /Font /Subtype /TrueType /BaseFont /Broken /FirstChar 32 /LastChar 126 "
                "/Encoding /WinAnsiEncoding >>"));
            broken_font.replaceKey("/FontDescriptor", descriptor);
            auto page = QPDFPageDocumentHelper(pdf).getAllPages().at(0).getObjectHandle();
            page.replaceKey("/Resources", QPDFObjectHandle::parse("<< /Font << >> >>"));
            page.getKey("/Resources").getKey("/Font").replaceKey("/F1", broken_font);
        });
    const auto broken = run_check(dir.path / "broken-font.pdf", hints, {&test::printer("kdp")});
    REQUIRE(with_code(broken->report().printers.front(), "pdf-damaged").size() == 1);
    CHECK_THAT(with_code(broken->report().printers.front(), "pdf-damaged")[0]->message,
               Contains("font"));

    // A file larger than a printer takes: a printer whose limit is 0 MB.
    PrinterSpec strict = test::printer("kdp");
    strict.files.max_file_mb->value = 0;
    const auto big = run_check(dir.path / "rgb.pdf", hints, {&strict});
    REQUIRE(with_code(big->report().printers.front(), "file-too-large").size() == 1);
    CHECK(with_code(big->report().printers.front(), "file-too-large")[0]->severity ==
          Severity::error);
}

// ---- where the cover is ---------------------------------------------------------------------

TEST_CASE("a cover on a printer's template page is found from its content", "[check][locate]") {
    TempDir dir;
    Composed c = compose(sample_text, dir.path, {&test::printer("ingramspark")});
    const Layout& layout = c.layouts[0];
    // An IngramSpark-style document: the art on a larger page, an info block beside it.
    const Size page{16_in, 12_in};
    const Size offset{1.5_in, 0.75_in};
    draw_pdf(dir.path / "template.pdf", c.plans[0], page, offset, [&](cairo_t* cr) {
        for (int i = 0; i < 4; ++i) {
            text_at(cr, "IngramSpark cover template: 6 x 9 in, 300 pages, 50# white", 0_in,
                    layout.sheet.height + 0.8_in + 0.2_in * i, 10, render::Color::black());
        }
    });
    const auto checked =
        run_check(dir.path / "template.pdf",
                  BookHints{Binding::paperback, Size{6_in, 9_in}, 300, "white", {}, {}},
                  {&test::printer("ingramspark")});
    const CheckReport& report = checked->report();
    // The book is given: a rectangle of exactly its sheet, where the content shows it.
    CHECK(report.cover_method == LocateMethod::expected_size);
    CHECK_THAT(report.cover_found, Contains("on a larger page"));
    CHECK(abs(report.cover.x - offset.width) <= 0.01_in);
    CHECK(abs(report.cover.y - offset.height) <= 0.01_in);
    CHECK(report.cover.size() == layout.sheet);
    // Not given, the content alone: its edges, to a pixel or two.
    const auto unknown = run_check(dir.path / "template.pdf", {}, {&test::printer("ingramspark")});
    CHECK(unknown->report().cover_method == LocateMethod::content);
    CHECK(abs(unknown->report().cover.width - layout.sheet.width) <= 0.02_in);
    const PrinterCheck& ingram = report.printers.front();
    INFO(findings_text(ingram));
    CHECK(with_code(ingram, "size-mismatch").empty());
    CHECK(
        with_code(ingram, "text-outside-safe-zone").empty());  // the info block is not the cover's
}

namespace {

// IngramSpark's perfect-bound template construction for a 5.5 x 8.5 in, 238-page creme book,
// as PRINTERS.md §7 measures it, relative to the artwork area (11.791 x 8.75 in): trim and fold
// marks at 0.125, 5.625, 6.166 and 11.666 in from its left edge (below it) and 0.125 and 8.625
// in from its top (beside it), and an info block under it. On a page of another size than the
// measured 15 x 12 in, as a template for a book whose document size is not known would be.
Length inches(double x_in) {
    return Length::from_units(static_cast<Length::rep>(x_in * Length::units_per_in));
}
void template_marks(cairo_t* cr, const Rect& artwork) {
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 0.5);
    for (const double x : {0.125, 5.625, 6.166, 11.666}) {
        const double at = (artwork.left() + inches(x)).pt();
        cairo_move_to(cr, at, (artwork.bottom() + 0.125_in).pt());
        cairo_line_to(cr, at, (artwork.bottom() + 0.5_in).pt());
    }
    for (const double y : {0.125, 8.625}) {
        const double at = (artwork.top() + inches(y)).pt();
        cairo_move_to(cr, (artwork.left() - 0.5_in).pt(), at);
        cairo_line_to(cr, (artwork.left() - 0.125_in).pt(), at);
        cairo_move_to(cr, (artwork.right() + 0.125_in).pt(), at);
        cairo_line_to(cr, (artwork.right() + 0.45_in).pt(), at);
    }
    cairo_stroke(cr);
    const char* info[] = {"Perfect Bound Cover Template",
                          "Content Type: Black & White",
                          "Paper Type: Creme",
                          "Page Count: 238",
                          "Trim Size: 5.5x8.5",
                          "Bleed Artwork Dimensions: 5.750 x 8.750"};
    Length y = artwork.bottom() + 1_in;
    for (const char* line : info) {
        text_at(cr, line, 0.5_in, y, 10, render::Color::black());
        y += 0.2_in;
    }
}

}  // namespace

TEST_CASE("a cover on IngramSpark's template page is found from the template's marks",
          "[check][locate]") {
    TempDir dir;
    std::string job = sample_text;
    job.replace(job.find("pages = 300"), 11, "pages = 238");
    job.replace(job.find("trim = \"6x9in\""), 14, "trim = \"5.5x8.5in\"");
    job.replace(job.find("paper = { kdp = \"white\", ingramspark = \"white\" }"), 48,
                "paper = \"creme\"");
    Composed c = compose(without_art(job), dir.path, {&test::printer("ingramspark")});
    const Layout& layout = c.layouts[0];
    REQUIRE(layout.sheet == Size{11.791_in, 8.75_in});  // spine 0.541 in (PRINTERS.md §7)
    const Size page{16.5_in, 13_in};
    const Size artwork_at{3_in, 0.75_in};
    const Rect artwork{artwork_at.width, artwork_at.height, layout.sheet.width,
                       layout.sheet.height};
    {
        // The template's marks and info block, on the page (not moved with the cover).
        const render::CairoSurface surface(cairo_pdf_surface_create(
            (dir.path / "marked.pdf").c_str(), page.width.pt(), page.height.pt()));
        const render::Cairo cr(cairo_create(surface.get()));
        cairo_save(cr.get());
        cairo_translate(cr.get(), artwork_at.width.pt(), artwork_at.height.pt());
        render::draw_plan(cr.get(), c.plans[0], render::Target::pdf);
        cairo_restore(cr.get());
        template_marks(cr.get(), artwork);
        cairo_show_page(cr.get());
        cairo_surface_finish(surface.get());
        REQUIRE(cairo_surface_status(surface.get()) == CAIRO_STATUS_SUCCESS);
    }
    {
        // The same page flattened into one image at 150 ppi: the marks only in its pixels.
        const double ppi = 150;
        const render::CairoSurface image(
            cairo_image_surface_create(CAIRO_FORMAT_RGB24, static_cast<int>(page.width.in() * ppi),
                                       static_cast<int>(page.height.in() * ppi)));
        const render::Cairo cr(cairo_create(image.get()));
        cairo_set_source_rgb(cr.get(), 1, 1, 1);
        cairo_paint(cr.get());
        cairo_scale(cr.get(), ppi / 72, ppi / 72);
        cairo_save(cr.get());
        cairo_translate(cr.get(), artwork_at.width.pt(), artwork_at.height.pt());
        render::draw_plan(cr.get(), c.plans[0], render::Target::raster, ppi);
        cairo_restore(cr.get());
        template_marks(cr.get(), artwork);
        cairo_surface_flush(image.get());
        const render::CairoSurface pdf(cairo_pdf_surface_create((dir.path / "flat.pdf").c_str(),
                                                                page.width.pt(), page.height.pt()));
        const render::Cairo pcr(cairo_create(pdf.get()));
        cairo_scale(pcr.get(), 72 / ppi, 72 / ppi);
        cairo_set_source_surface(pcr.get(), image.get(), 0, 0);
        cairo_paint(pcr.get());
        cairo_show_page(pcr.get());
        cairo_surface_finish(pdf.get());
        REQUIRE(cairo_surface_status(pdf.get()) == CAIRO_STATUS_SUCCESS);
    }
    for (const char* name : {"marked.pdf", "flat.pdf"}) {
        INFO(name);
        // Nothing given: the marks say which book the template is for.
        const auto checked =
            run_check(dir.path / name, BookHints{}, {&test::printer("ingramspark")});
        const CheckReport& report = checked->report();
        INFO(inferred_text(report));
        // Drawn, the marks and the info block are read as IngramSpark's template: the artwork
        // area and the book come from it. Flattened, only the marks are seen.
        const bool drawn = std::string(name) == "marked.pdf";
        if (drawn) {
            CHECK(report.cover_method == LocateMethod::printer_template);
            CHECK(report.printers.front().book.pages == 238);
        } else {
            CHECK(report.cover_method == LocateMethod::marks);
            CHECK_THAT(report.cover_found, Contains("6 of 6 match IngramSpark paperback 5.5 "));
        }
        // Drawn marks are exact. Marks in the pixels of a 150 ppi image are found to a fraction
        // of a pixel of the 100 ppi page Poppler renders, whose scaling of the image moves them
        // by up to about a pixel across the page.
        const Length within = std::string(name) == "marked.pdf" ? 0.001_in : 0.012_in;
        INFO("cover at " << report.cover.x.in() << ", " << report.cover.y.in());
        CHECK(abs(report.cover.x - artwork.x) <= within);
        CHECK(abs(report.cover.y - artwork.y) <= within);
        // Several stocks give this spine to 0.001 in (creme at 238 pages, white at 258, ...):
        // the marks tell the sheet, not the paper.
        CHECK(report.cover.size().near(layout.sheet, 0.0015_in));
        CHECK(std::find(report.fits.begin(), report.fits.end(),
                        "IngramSpark paperback 5.5 \xC3\x97 8.5 in on cream, 238 pages") !=
              report.fits.end());
        const PrinterCheck& ingram = report.printers.front();
        INFO(findings_text(ingram));
        CHECK(with_code(ingram, "size-mismatch").empty());
        CHECK(with_code(ingram, "no-bleed").empty());
        CHECK(with_code(ingram, "text-outside-safe-zone").empty());
    }
}

TEST_CASE("rotated covers: a /Rotate is followed, a turned page is named", "[check][locate]") {
    TempDir dir;
    Composed c = compose(sample_text, dir.path, {&test::printer("kdp")});
    const Layout& layout = c.layouts[0];
    const BookHints hints{Binding::paperback, Size{6_in, 9_in}, 300, "white", {}, {}};
    // A portrait page with the cover drawn a quarter turn round, shown upright by /Rotate 90.
    const Size portrait{layout.sheet.height, layout.sheet.width};
    const fs::path turned = dir.path / "turned.pdf";
    {
        const render::CairoSurface surface(
            cairo_pdf_surface_create(turned.c_str(), portrait.width.pt(), portrait.height.pt()));
        const render::Cairo cr(cairo_create(surface.get()));
        // Displayed turned 90 degrees clockwise, the page's top-left corner goes top-right:
        // draw the cover turned 90 degrees anticlockwise so that it comes out upright.
        cairo_translate(cr.get(), 0, portrait.height.pt());
        cairo_rotate(cr.get(), -M_PI / 2);
        render::draw_plan(cr.get(), c.plans[0], render::Target::pdf);
        cairo_show_page(cr.get());
        cairo_surface_finish(surface.get());
    }
    QPDF pdf;
    pdf.processFile(turned.c_str());
    QPDFPageDocumentHelper(pdf).getAllPages().at(0).getObjectHandle().replaceKey(
        "/Rotate", QPDFObjectHandle::newInteger(90));
    // QPDFWriter keeps the name it is given until it writes: the path must outlive it.
    const fs::path rotated_file = dir.path / "rotated.pdf";
    QPDFWriter writer(pdf, rotated_file.c_str());
    writer.write();
    const auto rotated = run_check(dir.path / "rotated.pdf", hints, {&test::printer("kdp")});
    const PrinterCheck& kdp = rotated->report().printers.front();
    INFO(findings_text(kdp));
    CHECK(rotated->report().page.near(layout.sheet, 0.001_in));  // as displayed
    CHECK(kdp.verdict == Verdict::pass);
    // The same portrait page without /Rotate: the right size turned a quarter.
    const auto unrotated = run_check(turned, hints, {&test::printer("kdp")});
    const PrinterCheck& plain = unrotated->report().printers.front();
    REQUIRE(with_code(plain, "size-mismatch").size() == 1);
    CHECK_THAT(with_code(plain, "size-mismatch")[0]->message,
               Contains("turned a quarter: rotate the page"));
}

TEST_CASE("a cover cropped at the trim is named as such", "[check][infer]") {
    TempDir dir;
    Composed c = compose(sample_text, dir.path, {&test::printer("kdp")});
    const Layout& layout = c.layouts[0];
    // The trimmed cover only: a page 0.25 in smaller each way, the bleed cut off.
    const Size cropped{layout.sheet.width - 0.25_in, layout.sheet.height - 0.25_in};
    draw_pdf(dir.path / "cropped.pdf", c.plans[0], cropped, Size{-0.125_in, -0.125_in});
    const auto checked = run_check(dir.path / "cropped.pdf", {}, {&test::printer("kdp")});
    const CheckReport& report = checked->report();
    const std::string inferred = inferred_text(report);
    INFO(inferred);
    CHECK_THAT(inferred, Contains("trim=6 \xC3\x97 9 in"));
    CHECK_THAT(inferred,
               Contains("pages=300") && Contains("(the cover with 0.125 in of bleed added)"));
    const PrinterCheck& kdp = report.printers.front();
    INFO(findings_text(kdp));
    REQUIRE(with_code(kdp, "size-mismatch").size() == 1);
    CHECK_THAT(with_code(kdp, "size-mismatch")[0]->message,
               Contains("0.25 in (6.35 mm) too narrow") &&
                   Contains("it is the trimmed cover without its bleed: extend the art 0.125 in "
                            "beyond the trim on every side"));
    CHECK(kdp.verdict == Verdict::fail);
}

TEST_CASE("a cover no book fits: book-unknown, and how to tell the book", "[check][infer]") {
    TempDir dir;
    Composed c = compose(sample_text, dir.path, {&test::printer("kdp")});
    // A 20 x 5 in page: no trim either printer offers is 5 in tall, or 4.75 in.
    draw_pdf(dir.path / "banner.pdf", c.plans[0], Size{20_in, 5_in});
    const auto checked = run_check(dir.path / "banner.pdf");
    CHECK_THAT(inferred_text(checked->report()),
               Contains("book=unknown (no trim the printers offer fits a cover of ") &&
                   Contains("give --trim and --pages)"));
    for (const auto& p : checked->report().printers) {
        REQUIRE(with_code(p, "book-unknown").size() == 1);
        CHECK_THAT(with_code(p, "book-unknown")[0]->message,
                   Contains("give --trim and --pages (or --interior)"));
        CHECK(p.verdict == Verdict::fail);
    }
}

TEST_CASE("a custom trim is checked when --trim gives it", "[check][infer]") {
    TempDir dir;
    // 5.75 x 8.75 in is no KDP listed trim: a custom one, with the limits of 6 x 9 in.
    Composed c = compose(job_with("trim = \"6x9in\"", "trim = \"5.75x8.75in\""), dir.path,
                         {&test::printer("kdp")});
    draw_pdf(dir.path / "custom.pdf", c.plans[0], c.layouts[0].sheet);
    // Without the trim, its size is also a 6 x 9 in cover cropped at the trim (a commoner
    // mistake than a custom trim): the report says so, and how to say otherwise.
    const auto guessed = run_check(dir.path / "custom.pdf", {}, {&test::printer("kdp")});
    const CheckReport& guess = guessed->report();
    REQUIRE(guess.inferred.size() >= 3);
    CHECK(guess.inferred[2].what == "trim");
    CHECK(guess.inferred[2].value == "6 \xC3\x97 9 in");
    CHECK_THAT(guess.inferred[2].how, Contains("(the cover with 0.125 in of bleed added)") &&
                                          Contains("give --trim if it is another"));
    CHECK(guess.printers.front().verdict == Verdict::fail);
    // With it, the page count is inferred from the spine, and the cover passes.
    const auto given =
        run_check(dir.path / "custom.pdf",
                  BookHints{std::nullopt, Size{5.75_in, 8.75_in}, std::nullopt, "", {}, {}},
                  {&test::printer("kdp")});
    const PrinterCheck& kdp = given->report().printers.front();
    INFO(findings_text(kdp));
    CHECK(kdp.book.pages == 300);
    CHECK(kdp.book.paper == "white");
    CHECK(kdp.book.trim == Size{5.75_in, 8.75_in});
    CHECK(kdp.verdict == Verdict::pass);
}

TEST_CASE("an interior PDF gives the check its page count and trim, from pages with bleed",
          "[check][infer]") {
    TempDir dir;
    Composed c = compose(sample_text, dir.path, {&test::printer("kdp")});
    draw_pdf(dir.path / "cover.pdf", c.plans[0], c.layouts[0].sheet);
    // 300 pages of 6.125 x 9.25 in (trim with bleed), without a TrimBox.
    {
        const render::CairoSurface surface(
            cairo_pdf_surface_create((dir.path / "interior.pdf").c_str(), 441, 666));
        const render::Cairo cr(cairo_create(surface.get()));
        for (int i = 0; i < 300; ++i)
            cairo_show_page(cr.get());
        cairo_surface_finish(surface.get());
    }
    BookHints hints;
    hints.interior = dir.path / "interior.pdf";
    const auto checked = run_check(dir.path / "cover.pdf", hints, {&test::printer("kdp")});
    const std::string inferred = inferred_text(checked->report());
    INFO(inferred);
    CHECK_THAT(inferred, Contains("pages=300 (read from interior.pdf)"));
    CHECK_THAT(inferred, Contains("trim=6 \xC3\x97 9 in") &&
                             Contains("without a TrimBox, taken as a 6 \xC3\x97 9 in trim"));
    const PrinterCheck& kdp = checked->report().printers.front();
    INFO(findings_text(kdp));
    CHECK(kdp.book.pages == 300);
    CHECK(kdp.verdict == Verdict::pass);
}

namespace {
// The sample as an IngramSpark cover of another binding, in its colours: the PDF's path.
fs::path ingramspark_cover(const std::string& binding, const fs::path& dir) {
    const std::string text =
        without_art(job_with("binding = \"paperback\"", "binding = \"" + binding + "\""));
    Composed c = compose(text, dir, {&test::printer("ingramspark")});
    const fs::path path = dir / (binding + ".pdf");
    draw_pdf(path, c.plans[0], c.layouts[0].sheet);
    return path;
}
}  // namespace

TEST_CASE("a hardcover spine that fits a range of page counts leaves the other printer unsized",
          "[check][infer]") {
    TempDir dir;
    const auto checked = run_check(ingramspark_cover("case-laminate", dir.path));
    const CheckReport& report = checked->report();
    const std::string inferred = inferred_text(report);
    INFO(inferred);
    // IngramSpark's casebound spine is the same from 275 to 304 pages [LSI-TAB].
    CHECK_THAT(inferred, Contains("pages=275\xE2\x80\x93"
                                  "304") &&
                             Contains("other printers cannot be sized"));
    const PrinterCheck& kdp = for_printer(report, "kdp");
    INFO(findings_text(kdp));
    REQUIRE(with_code(kdp, "pages-uncertain").size() == 1);
    CHECK_THAT(with_code(kdp, "pages-uncertain")[0]->message,
               Contains("IngramSpark at any page count from 275 to 304"));
    CHECK(with_code(kdp, "size-mismatch").empty());
    CHECK_FALSE(kdp.expected);
    CHECK(kdp.book.pages == 0);
    CHECK(kdp.verdict == Verdict::warn);
    const PrinterCheck& ingram = for_printer(report, "ingramspark");
    INFO(findings_text(ingram));
    CHECK(with_code(ingram, "size-mismatch").empty());
    CHECK(ingram.verdict == Verdict::warn);  // RGB only
}

TEST_CASE("a dust jacket is not checked against KDP, which offers none", "[check][infer]") {
    TempDir dir;
    const fs::path jacket = ingramspark_cover("dust-jacket", dir.path);
    const auto checked = run_check(jacket);
    const CheckReport& report = checked->report();
    REQUIRE(report.printers.size() == 1);
    CHECK(report.printers[0].printer->id == "ingramspark");
    CHECK(report.printers[0].book.binding == Binding::dust_jacket);
    REQUIRE(report.skipped.size() == 1);
    CHECK(report.skipped[0].printer == "kdp");
    CHECK_THAT(report.skipped[0].reason, Contains("KDP offers no dust-jacket: not checked"));
    // Named, KDP is checked, and fails: it offers no such book.
    const auto named =
        run_check(jacket, BookHints{Binding::dust_jacket, std::nullopt, std::nullopt, "", {}, {}});
    CHECK(for_printer(named->report(), "kdp").verdict == Verdict::fail);
    CHECK(with_code(for_printer(named->report(), "kdp"), "not-offered").size() == 1);
}

TEST_CASE("notes say which rules are UNVERIFIED, in the text and in JSON", "[check][cli]") {
    TempDir dir;
    Composed c = compose(sample_text, dir.path, {&test::printer("kdp")});
    draw_pdf(dir.path / "kdp.pdf", c.plans[0], c.layouts[0].sheet);
    const std::string file = (dir.path / "kdp.pdf").string();
    const test::Run text = test::run_podcover({"check", file, "--printer", "kdp"});
    CHECK(text.exit_code == 0);
    CHECK_THAT(text.out, Contains("note: RGB passes because KDP is taken to accept it, which is "
                                  "UNVERIFIED"));
    const test::Run json = test::run_podcover({"check", file, "--printer", "kdp", "--json"});
    const auto doc = nlohmann::json::parse(json.out);
    bool noted = false;
    for (const auto& note : doc.at("printers").at(0).at("notes"))
        noted = noted || note.get<std::string>().find("UNVERIFIED") != std::string::npos;
    CHECK(noted);
    CHECK(doc.at("skipped").empty());
}

// ---- bad input ------------------------------------------------------------------------------

TEST_CASE("bad files give one line and exit 3, never a crash or a hang", "[check][errors][cli]") {
    TempDir dir;
    write(dir.path / "empty.pdf", "");
    write(dir.path / "text.pdf", "This is not a PDF at all.\n");
    Composed c = compose(sample_text, dir.path, {&test::printer("kdp")});
    draw_pdf(dir.path / "good.pdf", c.plans[0], c.layouts[0].sheet);
    const std::string good = slurp(dir.path / "good.pdf");
    write(dir.path / "truncated.pdf", good.substr(0, good.size() / 3));
    fs::create_directories(dir.path / "folder.pdf");
    const struct {
        std::string file;
        std::string message;
    } cases[] = {
        {"missing.pdf", "no such file"},
        {"folder.pdf", "a folder, not a PDF; name the cover's PDF file"},
        {"empty.pdf", "the file is empty (0 bytes)"},
        {"text.pdf", "not a PDF podcover can read"},
    };
    for (const auto& c2 : cases) {
        const test::Run run = test::run_podcover({"check", (dir.path / c2.file).string()});
        INFO(c2.file << ": " << run.err);
        CHECK(run.exit_code == 3);
        CHECK_THAT(run.err,
                   Catch::StartsWith("podcover: " + (dir.path / c2.file).string() + ": ") &&
                       Contains(c2.message));
        CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
        CHECK(run.out.empty());
    }
    // Truncated: Poppler may repair it (a finding) or give up (exit 3); either way one line.
    const test::Run truncated =
        test::run_podcover({"check", (dir.path / "truncated.pdf").string(), "--json"});
    INFO(truncated.err);
    CHECK((truncated.exit_code == 3 || truncated.exit_code == 1 || truncated.exit_code == 0));
    if (truncated.exit_code == 3)
        CHECK(std::count(truncated.err.begin(), truncated.err.end(), '\n') == 1);

    // An absurd page: 200 x 0.02 in.
    {
        const render::CairoSurface surface(
            cairo_pdf_surface_create((dir.path / "absurd.pdf").c_str(), 14400, 1.44));
        cairo_surface_finish(surface.get());
    }
    const test::Run absurd = test::run_podcover({"check", (dir.path / "absurd.pdf").string()});
    CHECK(absurd.exit_code == 3);
    CHECK_THAT(absurd.err, Contains("not a size a cover can have"));

    // Thousands of pages: the first is checked, the count is a finding.
    draw_pdf(dir.path / "many.pdf", c.plans[0], c.layouts[0].sheet, {}, {}, 1);
    {
        const render::CairoSurface surface(
            cairo_pdf_surface_create((dir.path / "many.pdf").c_str(), 930.6432, 666));
        const render::Cairo cr(cairo_create(surface.get()));
        for (int i = 0; i < 3000; ++i)
            cairo_show_page(cr.get());
        cairo_surface_finish(surface.get());
    }
    const test::Run many =
        test::run_podcover({"check", (dir.path / "many.pdf").string(), "--pages", "300", "--paper",
                            "white", "--trim", "6x9in", "--printer", "kdp", "--json"});
    INFO(many.err);
    REQUIRE(many.exit_code == 1);
    const auto doc = nlohmann::json::parse(many.out);
    bool pages_finding = false;
    for (const auto& f : doc.at("printers").at(0).at("findings")) {
        if (f.at("code") == "not-single-page")
            pages_finding =
                f.at("message").get<std::string>().find("3000 pages") != std::string::npos;
    }
    CHECK(pages_finding);

    // The proof never replaces the cover (an output onto an input: exit 4, as for every command).
    const test::Run clash = test::run_podcover(
        {"check", (dir.path / "good.pdf").string(), "--proof", (dir.path / "good.pdf").string()});
    CHECK(clash.exit_code == 4);
    CHECK(slurp(dir.path / "good.pdf") == good);
}

// ---- report, JSON and proof -------------------------------------------------------------------

TEST_CASE("check --json, the text report, exit codes and the annotated proof agree",
          "[check][cli]") {
    TempDir dir;
    Composed c = compose(sample_text, dir.path);
    draw_pdf(dir.path / "kdp.pdf", c.plans[0], c.layouts[0].sheet);
    const std::string file = (dir.path / "kdp.pdf").string();
    const test::Run json = test::run_podcover(
        {"check", file, "--pages", "300", "--json", "--proof", (dir.path / "proof.pdf").string()});
    INFO(json.err);
    CHECK(json.exit_code == 1);  // IngramSpark fails: a KDP-sized cover
    const auto doc = nlohmann::json::parse(json.out);
    CHECK(doc.at("file") == file);
    CHECK(doc.at("inferred").is_array());
    CHECK(doc.at("inferred").at(0).at("what") == "cover");
    REQUIRE(doc.at("printers").size() == 2);
    const auto& kdp = doc.at("printers").at(0);
    CHECK(kdp.at("printer") == "kdp");
    CHECK(kdp.at("verdict") == "pass");
    CHECK(kdp.at("expected").at("cover_width_in") == 12.9256);
    const auto& ingram = doc.at("printers").at(1);
    CHECK(ingram.at("verdict") == "fail");
    const auto& first = ingram.at("findings").at(0);
    CHECK(first.at("code") == "size-mismatch");
    CHECK(first.at("severity") == "error");
    CHECK(first.at("box_in").size() == 4);
    for (const auto& f : ingram.at("findings")) {
        const std::string severity = f.at("severity");
        CHECK((severity == "error" || severity == "warning" || severity == "info"));
    }
    // The text report says the same.
    const test::Run text = test::run_podcover({"check", file, "--pages", "300"});
    CHECK(text.exit_code == 1);
    CHECK_THAT(text.out, Contains("KDP: pass") && Contains("IngramSpark: fail") &&
                             Contains("\xE2\x9C\x97 size-mismatch"));
    // Without the page count, the cover also fits IngramSpark's cream at 300 pages: each
    // printer is checked on its own paper, and the design, made for both, passes both (RGB
    // aside).
    const test::Run guessed = test::run_podcover({"check", file});
    CHECK(guessed.exit_code == 0);
    CHECK_THAT(guessed.out,
               Contains("pages: 300 (the cover's size fits this count on KDP's white and "
                        "IngramSpark's cream, so each printer is checked on its own paper") &&
                   Contains("KDP: pass") &&
                   Contains("IngramSpark: warn (paperback, 6 \xC3\x97 9 in, 300 pages on cream"));
    CHECK_THAT(guessed.out, !Contains("size-mismatch"));
    // Restricted to KDP: no printer fails.
    CHECK(test::run_podcover({"check", file, "--printer", "kdp"}).exit_code == 0);
    CHECK(test::run_podcover({"check", file, "--pages", "three"}).exit_code == 2);
    // The proof: one page per printer, the size mismatch outlined in red on IngramSpark's.
    QPDF proof;
    proof.processFile((dir.path / "proof.pdf").c_str());
    CHECK(QPDFPageDocumentHelper(proof).getAllPages().size() == 2);
}
