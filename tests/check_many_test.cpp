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

nlohmann::json json_of(const Run& run) {
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

std::vector<std::string> args(std::vector<std::string> words,
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

TEST_CASE("several covers: one entry each, checked alike, and the exit code of the worst",
          "[check][cli]") {
    TempDir dir;
    draw_covers(dir.path);
    const std::string a = (dir.path / "a.pdf").string();
    const std::string b = (dir.path / "b.pdf").string();
    const std::string c = (dir.path / "c.pdf").string();
    fs::copy_file(dir.path / "kdp.pdf", a);
    fs::copy_file(dir.path / "kdp.pdf", b);
    fs::copy_file(dir.path / "ingramspark.pdf", c);

    // In the order named (not sorted): two KDP covers pass KDP, IngramSpark's fails it.
    const Run run = run_podcover(args({c, a, b, "--json"}));
    CHECK(run.exit_code == 1);
    CHECK(run.err.empty());
    const auto doc = json_of(run);
    REQUIRE(doc.at("files").size() == 3);
    const auto& files = doc.at("files");
    CHECK(files.at(0).at("file") == c);
    CHECK(files.at(1).at("file") == a);
    CHECK(files.at(2).at("file") == b);
    for (const auto& entry : files) {
        CHECK(entry.at("error").is_null());
        REQUIRE(entry.at("printers").size() == 1);
        CHECK(entry.at("printers").at(0).at("printer") == "kdp");
        // --pages applies to each cover.
        CHECK(entry.at("printers").at(0).at("book").at("pages") == 300);
    }
    CHECK(files.at(0).at("exit_code") == 1);
    CHECK(files.at(0).at("printers").at(0).at("verdict") == "fail");
    CHECK(files.at(0).at("printers").at(0).at("findings").at(0).at("code") == "size-mismatch");
    CHECK(files.at(1).at("exit_code") == 0);
    CHECK(files.at(1).at("printers").at(0).at("verdict") == "pass");
    CHECK(files.at(2).at("exit_code") == 0);
    CHECK(doc.at("summary") ==
          nlohmann::json{
              {"files", 3}, {"ok", 2}, {"failed", 1}, {"not_checked", 0}, {"exit_code", 1}});

    // An entry is the cover's own check, field for field, with its exit code and error.
    const Run single = run_podcover(args({c, "--json"}));
    CHECK(single.exit_code == 1);
    nlohmann::json entry = files.at(0);
    entry.erase("exit_code");
    entry.erase("error");
    CHECK(entry == json_of(single));

    // The text: each cover's report under a heading, as it reads alone, then the summary.
    const Run text = run_podcover(args({c, a}));
    CHECK(text.exit_code == 1);
    const Run alone = run_podcover(args({a}));
    CHECK_THAT(text.out, Contains("=== " + c + " (1 of 2) ===\n" + c + ": 1 page") &&
                             Contains("\n\n=== " + a + " (2 of 2) ===\n" + alone.out + "\n"));
    CHECK_THAT(text.out, Contains("\nSummary of 2 covers: 1 ok (no printer fails), 1 failing, 0 "
                                  "not checked\n  " +
                                  c + ": KDP fail\n  " + a + ": KDP pass\n"));
    CHECK(text.out.substr(text.out.size() - a.size() - 13) == "  " + a + ": KDP pass\n");
}

TEST_CASE("a folder: its PDFs by name; one that cannot be read does not stop the others",
          "[check][cli]") {
    TempDir dir;
    draw_covers(dir.path);
    const fs::path series = dir.path / "series";
    fs::create_directories(series / "drafts");
    fs::copy_file(dir.path / "kdp.pdf", series / "2-second.pdf");
    fs::copy_file(dir.path / "kdp.pdf", series / "1-first.PDF");
    fs::copy_file(dir.path / "ingramspark.pdf", series / "3-third.pdf");
    write(series / "2-broken.pdf", "This is not a PDF at all.\n");
    write(series / "notes.txt", "not a cover\n");
    fs::copy_file(dir.path / "kdp.pdf", series / "drafts" / "0-draft.pdf");  // not read

    const Run run = run_podcover(args({series.string(), "--json"}));
    CHECK(run.exit_code == 3);  // an unreadable cover outranks a failing one
    const std::string broken = (series / "2-broken.pdf").string();
    const std::string message =
        broken + ": not a PDF podcover can read (it does not start with %PDF-)";
    // One line on standard error for the cover that cannot be read, as for it alone.
    CHECK_THAT(run.err, Catch::StartsWith("podcover: " + message));
    CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
    const auto doc = json_of(run);
    const auto& files = doc.at("files");
    REQUIRE(files.size() == 4);
    const std::vector<std::string> names{"1-first.PDF", "2-broken.pdf", "2-second.pdf",
                                         "3-third.pdf"};
    for (std::size_t i = 0; i < names.size(); ++i)
        CHECK(files.at(i).at("file") == (series / names[i]).string());
    CHECK(files.at(0).at("exit_code") == 0);
    CHECK(files.at(0).at("printers").at(0).at("verdict") == "pass");
    // The broken cover: its exit code and message alone, as `check` gives them for it alone.
    CHECK(files.at(1).size() == 3);
    CHECK(files.at(1).at("exit_code") == 3);
    CHECK_THAT(files.at(1).at("error").get<std::string>(), Catch::StartsWith(message));
    const Run alone = run_podcover(args({broken}));
    CHECK(alone.exit_code == 3);
    CHECK(alone.err == "podcover: " + files.at(1).at("error").get<std::string>() + "\n");
    CHECK(files.at(2).at("printers").at(0).at("verdict") == "pass");
    CHECK(files.at(3).at("exit_code") == 1);
    CHECK(files.at(3).at("printers").at(0).at("verdict") == "fail");
    CHECK(doc.at("summary") ==
          nlohmann::json{
              {"files", 4}, {"ok", 2}, {"failed", 1}, {"not_checked", 1}, {"exit_code", 3}});

    // A folder is a batch even with one PDF: the report's shape follows the command line.
    const fs::path one = dir.path / "one";
    fs::create_directories(one);
    fs::copy_file(dir.path / "kdp.pdf", one / "cover.pdf");
    const Run folder_of_one = run_podcover(args({one.string(), "--json"}));
    CHECK(folder_of_one.exit_code == 0);
    CHECK(json_of(folder_of_one).at("files").size() == 1);

    // The text report says which cover could not be checked, and why.
    const Run text = run_podcover(args({series.string()}));
    CHECK(text.exit_code == 3);
    CHECK_THAT(text.out,
               Contains("=== " + broken + " (2 of 4) ===\nnot checked (exit 3): " + message) &&
                   Contains("Summary of 4 covers: 2 ok (no printer fails), 1 failing, "
                            "1 not checked\n") &&
                   Contains("  " + broken + ": not checked (exit 3)\n"));

    // A folder without PDFs is refused before anything is checked.
    const Run empty = run_podcover(args({series.string(), (dir.path / "art").string()}));
    CHECK(empty.exit_code == 3);
    CHECK(empty.out.empty());
    CHECK(empty.err == "podcover: " + (dir.path / "art").string() +
                           ": a folder without PDF files (*.pdf; its subfolders are not read); "
                           "name the covers to check\n");
}

TEST_CASE("several covers' proofs: one per cover in the folder --proof names", "[check][cli]") {
    TempDir dir;
    draw_covers(dir.path);
    const std::string kdp = (dir.path / "kdp.pdf").string();
    const std::string ingramspark = (dir.path / "ingramspark.pdf").string();
    const fs::path proofs = dir.path / "proofs";
    const Run run = run_podcover(args({kdp, ingramspark, "--proof", proofs.string()}));
    CHECK(run.exit_code == 1);
    CHECK(slurp(proofs / "kdp.proof.pdf").rfind("%PDF-", 0) == 0);
    CHECK(slurp(proofs / "ingramspark.proof.pdf").rfind("%PDF-", 0) == 0);
    CHECK(std::distance(fs::directory_iterator(proofs), fs::directory_iterator()) == 2);

    // A PDF's name for several covers, or two covers of one name: refused, nothing read.
    const Run named = run_podcover(args({kdp, ingramspark, "--proof", "proof.pdf"}));
    CHECK(named.exit_code == 2);
    CHECK(named.out.empty());
    CHECK_THAT(named.err, Contains("--proof: proof.pdf names a PDF, but 2 covers are checked"));
    fs::create_directories(dir.path / "other");
    fs::copy_file(kdp, dir.path / "other" / "kdp.pdf");
    const Run same = run_podcover(
        args({kdp, (dir.path / "other" / "kdp.pdf").string(), "--proof", proofs.string()}));
    CHECK(same.exit_code == 2);
    CHECK_THAT(same.err,
               Contains("would both have their proof in " + (proofs / "kdp.proof.pdf").string()));
    // A proof onto a cover checked: refused as for one cover (exit 4), the cover kept.
    const std::string cover_bytes = slurp(kdp);
    fs::copy_file(kdp, dir.path / "kdp.proof.pdf");
    const Run onto = run_podcover(
        args({kdp, (dir.path / "kdp.proof.pdf").string(), "--proof", dir.path.string()}));
    CHECK(onto.exit_code == 4);
    CHECK_THAT(onto.err, Contains("would replace"));
    CHECK(slurp(dir.path / "kdp.proof.pdf") == cover_bytes);
}
