// podcover series: manifests, aligned spines read back from the PDFs, incremental runs, a
// failing volume among good ones, and the cross-volume checks (docs/series.md).
#include <poppler-document.h>
#include <poppler-page.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

#include "podcover/errors.hpp"
#include "podcover/printer_file.hpp"
#include "podcover/series/series.hpp"
#include "run_podcover.hpp"
#include "support.hpp"

using namespace podcover;
using namespace podcover::test;
namespace fs = std::filesystem;

namespace {

const fs::path sample_series = fs::path(PODCOVER_SAMPLES) / "series" / "series.toml";

// A series without art (quick to render): the defaults, then the volumes' own tables.
std::string manifest_text(const std::string& volumes) {
    return R"(authors = ["A. Writer"]
trim = "5x8in"
paper = "white"
printers = ["kdp", "ingramspark"]
name = "book-{number}"

[spine]
head = ["{title}"]
tail = ["{number}"]
)" + volumes;
}

const std::string three_volumes = R"(
[[volume]]
title = "First"
pages = 150
isbn = "978-0-306-40615-7"

[[volume]]
title = "Second"
pages = 300
isbn = "978-1-4028-9462-6"

[[volume]]
title = "Third"
pages = 450
isbn = "978-0-19-852663-6"
)";

series::SeriesReport run(const fs::path& manifest, const fs::path& out, bool force = false) {
    series::SeriesOptions options;
    options.workers = 2;
    options.force = force;
    options.tool_version = "test";
    return series::render_series(series::read_manifest(manifest), PrinterCatalog::builtin(), out,
                                 options);
}

std::vector<std::string> statuses(const series::SeriesReport& report) {
    std::vector<std::string> all;
    for (const auto& volume : report.volumes)
        all.push_back(series::status_id(volume.status));
    return all;
}

// The spine text of a cover as Poppler reads it: the words set reading down the spine
// (rotation 1), their boxes in points from the sheet's top-left.
std::vector<poppler::rectf> spine_words(const fs::path& pdf) {
    std::unique_ptr<poppler::document> document(poppler::document::load_from_file(pdf.string()));
    REQUIRE(document != nullptr);
    const std::unique_ptr<poppler::page> page(document->create_page(0));
    std::vector<poppler::rectf> words;
    for (const auto& box : page->text_list(0)) {
        if (box.rotation() == 1)
            words.push_back(box.bbox());
    }
    return words;
}

}  // namespace

TEST_CASE("a manifest's volumes are its defaults with their own keys", "[series]") {
    const series::Manifest manifest = series::read_manifest(sample_series);
    REQUIRE(manifest.volumes.size() == 5);
    CHECK(manifest.title == "The Salt Road Cycle");
    const auto& third = manifest.volumes[2];
    CHECK(third.number == 3);
    CHECK(third.job.title == "The Markers");
    CHECK(third.job.pages == 236);
    CHECK(third.job.name == "salt-road-3");
    CHECK(third.job.authors == std::vector<std::string>{"Ann Author"});     // a default
    CHECK(third.job.colors.background == render::Color::parse("#2a1f3a"));  // its own
    CHECK(manifest.volumes[1].job.colors.background == render::Color::parse("#1f2a3a"));
    CHECK(third.job.back.copy == "Stone by stone, the old markers tell a different story.");
    CHECK(third.job.back.footer == "examplepress.example");  // [back] merged key by key
    CHECK(third.job.spine.head == std::vector<std::string>{"The Markers", "ANN AUTHOR"});
    CHECK(third.job.spine.tail == std::vector<std::string>{"3"});
    REQUIRE(third.job.art.wrap);
    CHECK(third.job.art.wrap->filename() == "volume-3.jpg");
}

TEST_CASE("a manifest's mistakes name the file, the line, the key and the volume", "[series]") {
    TempDir dir;
    const fs::path manifest = dir.path / "series.toml";
    write(manifest, manifest_text(R"(
[[volume]]
title = "First"
pages = 150

[[volume]]
titel = "Second"
pages = 300
)"));
    try {
        series::read_manifest(manifest);
        FAIL("a misspelt key was read");
    } catch (const InputError& error) {
        const std::string message = error.what();
        CHECK(message.find(manifest.string() + ":16: top level: unknown key 'titel'; did you "
                                               "mean 'title'?") != std::string::npos);
        CHECK(message.find("volume 2 (" + manifest.string() + ":15)") != std::string::npos);
    }
    write(manifest, manifest_text(""));
    CHECK_THROWS_WITH(series::read_manifest(manifest),
                      Catch::Contains("a series needs its volumes: add a [[volume]] table"));
}

TEST_CASE("the sample series' spines line up on every printer", "[series][pdf]") {
    TempDir out;
    const series::SeriesReport report = run(sample_series, out.path);
    REQUIRE(statuses(report) ==
            std::vector<std::string>{"rendered", "rendered", "rendered", "rendered", "rendered"});
    // One size, fitted to the thinnest volume with spine text (124 pages: KDP's 0.2792 in spine
    // less 1/16 in at each fold), on every volume with spine text; the 60-page volume has none
    // (KDP sets spine text from 80 pages) and is named.
    REQUIRE(report.spine_size_pt);
    CHECK(!report.volumes[0].spine_size_pt);
    CHECK(report.volumes[0].spine_note.find("KDP allows it from 80 pages") != std::string::npos);
    REQUIRE(report.warnings.size() == 1);
    CHECK(report.warnings[0].find("volume 1 (The Well)") != std::string::npos);
    for (std::size_t i = 1; i < report.volumes.size(); ++i)
        CHECK(report.volumes[i].spine_size_pt == report.spine_size_pt);

    for (const std::string printer : {"kdp", "ingramspark"}) {
        CAPTURE(printer);
        CHECK(spine_words(out.path / ("salt-road-1." + printer + ".pdf")).empty());
        std::vector<double> heads, tails, heights;
        for (int number = 2; number <= 5; ++number) {
            const auto words = spine_words(
                out.path / ("salt-road-" + std::to_string(number) + "." + printer + ".pdf"));
            // "The", the title's words, "ANN AUTHOR" and the number.
            REQUIRE(words.size() >= 5);
            double head = words.front().top(), tail = words.front().bottom();
            for (const auto& word : words) {
                head = std::min(head, word.top());
                tail = std::max(tail, word.bottom());
                heights.push_back(word.width());
            }
            heads.push_back(head);
            tails.push_back(tail);
        }
        // Head-anchored text starts at the same distance from the head, and the number ends
        // at the same distance from the tail, within 0.01 in (0.72 pt), on every volume.
        for (std::size_t i = 1; i < heads.size(); ++i) {
            CHECK(std::abs(heads[i] - heads[0]) < 0.72);
            CHECK(std::abs(tails[i] - tails[0]) < 0.72);
        }
        // From the trim's head (under the 0.125 in bleed): the largest safe margin of the two
        // printers, 0.25 in, where the spine text begins on both.
        CHECK((heads[0] - 9) / 72 == Approx(0.25).margin(0.02));
        for (double height : heights)
            CHECK(height == Approx(heights.front()).margin(0.01));
    }
}

TEST_CASE("a series run again skips the volumes that did not change", "[series]") {
    TempDir dir;
    const fs::path manifest = dir.path / "series.toml";
    write(manifest, manifest_text(three_volumes));
    const fs::path out = dir.path / "out";
    CHECK(statuses(run(manifest, out)) ==
          std::vector<std::string>{"rendered", "rendered", "rendered"});
    const auto written = fs::last_write_time(out / "book-1.kdp.pdf");
    const auto shelf_written = fs::last_write_time(out / "shelf.kdp.png");
    const series::SeriesReport again = run(manifest, out);
    CHECK(statuses(again) == std::vector<std::string>{"skipped", "skipped", "skipped"});
    CHECK(fs::last_write_time(out / "book-1.kdp.pdf") == written);
    REQUIRE(again.volumes[0].outputs.size() == 6);  // the files are listed all the same
    // The shelf views and the contact sheet of unchanged volumes are kept, and listed.
    CHECK(fs::last_write_time(out / "shelf.kdp.png") == shelf_written);
    CHECK(std::count_if(again.outputs.begin(), again.outputs.end(), [](const auto& file) {
              return file.kind == "shelf" || file.kind == "contact-sheet";
          }) == 6);

    // A changed page count renders that volume (and its spine size, the same, does not
    // change the others).
    std::string text = manifest_text(three_volumes);
    text.replace(text.find("pages = 450"), 11, "pages = 460");
    write(manifest, text);
    CHECK(statuses(run(manifest, out)) ==
          std::vector<std::string>{"skipped", "skipped", "rendered"});
    // A file removed renders its volume again; --force renders every one.
    fs::remove(out / "book-2.ingramspark.png");
    CHECK(statuses(run(manifest, out)) ==
          std::vector<std::string>{"skipped", "rendered", "skipped"});
    CHECK(fs::exists(out / "book-2.ingramspark.png"));
    CHECK(fs::last_write_time(out / "shelf.kdp.png") != shelf_written);  // volume 3 changed
    CHECK(statuses(run(manifest, out, true)) ==
          std::vector<std::string>{"rendered", "rendered", "rendered"});
}

TEST_CASE("a volume that fails is reported and the others are written", "[series][cli]") {
    TempDir dir;
    const fs::path manifest = dir.path / "series.toml";
    std::string volumes = three_volumes;
    // More pages than KDP binds in a paperback on white paper.
    volumes.replace(volumes.find("pages = 300"), 11, "pages = 990");
    write(manifest, manifest_text(volumes));
    const fs::path out = dir.path / "out";
    const Run result = run_podcover({"series", manifest.string(), "-o", out.string(), "-j", "2"});
    CHECK(result.exit_code == 1);  // the failing volume's code: a printer refuses the book
    CHECK(result.err.find("podcover: volume 2 (Second) failed: kdp:") != std::string::npos);
    CHECK(fs::exists(out / "book-1.kdp.pdf"));
    CHECK(fs::exists(out / "book-3.ingramspark.pdf"));
    CHECK(!fs::exists(out / "book-2.kdp.pdf"));
    CHECK(!fs::exists(out / "book-2.ingramspark.pdf"));
    const std::string summary = slurp(out / "summary.json");
    CHECK(summary.find("\"status\": \"failed\"") != std::string::npos);
    // Progress lines on standard error when it is not a terminal.
    CHECK(result.err.find("podcover: series: 3/3 volume") != std::string::npos);
}

TEST_CASE("one ISBN for two volumes or two formats is refused", "[series]") {
    TempDir dir;
    const fs::path manifest = dir.path / "series.toml";
    std::string volumes = three_volumes;
    volumes.replace(volumes.find("978-1-4028-9462-6"), 17, "9780306406157");
    write(manifest, manifest_text(volumes));
    CHECK_THROWS_WITH(
        run(manifest, dir.path / "out"),
        Catch::Contains("isbn: ISBN 9780306406157 is also volume 1's (" + manifest.string() +
                        ":11); an ISBN names one edition: give each volume its own"));
    CHECK(!fs::exists(dir.path / "out" / "book-1.kdp.pdf"));  // nothing written

    // The same volume as a paperback and a hardcover: two editions, two ISBNs.
    write(manifest, manifest_text(R"(
[[volume]]
number = 1
title = "First"
pages = 150
isbn = "978-0-306-40615-7"

[[volume]]
number = 1
name = "book-1-hardcover"
binding = "case-laminate"
title = "First"
pages = 150
isbn = "978-0-306-40615-7"
)"));
    CHECK_THROWS_WITH(run(manifest, dir.path / "out"),
                      Catch::Contains("as a paperback 5 × 8 in and here as a case laminate"));
    const Run cli = run_podcover({"series", manifest.string(), "-o", (dir.path / "out").string()});
    CHECK(cli.exit_code == 3);
}

TEST_CASE("series --json lists the volumes and every output with its volume", "[series][cli]") {
    TempDir dir;
    const fs::path manifest = dir.path / "series.toml";
    write(manifest, manifest_text(three_volumes));
    const Run result =
        run_podcover({"series", manifest.string(), "-o", (dir.path / "out").string(), "--json"});
    REQUIRE(result.exit_code == 0);
    CHECK(result.out.find("\"volumes\": [") != std::string::npos);
    CHECK(result.out.find("\"number\": 2,\n      \"title\": \"Second\",\n      \"pages\": 300,\n"
                          "      \"isbn\": \"978-1-4028-9462-6\"") != std::string::npos);
    CHECK(result.out.find("\"kind\": \"cover\",\n      \"volume\": 3,\n      \"printer\": "
                          "\"ingramspark\"") != std::string::npos);
    CHECK(result.out.find("\"kind\": \"summary\"") != std::string::npos);
    CHECK(result.out.find("\"kind\": \"shelf\",\n      \"volume\": null,\n      \"printer\": "
                          "\"ingramspark\"") != std::string::npos);
    CHECK(result.out.find("\"kind\": \"contact-sheet\"") != std::string::npos);
    CHECK(fs::exists(dir.path / "out" / "shelf.kdp.pdf"));
    CHECK(fs::exists(dir.path / "out" / "contact-sheet.png"));
    // summary.csv: a row per volume and printer, with its spine width.
    const std::string csv = slurp(dir.path / "out" / "summary.csv");
    CHECK(std::count(csv.begin(), csv.end(), '\n') == 7);
    CHECK(csv.find("2,Second,A. Writer,978-1-4028-9462-6,300,paperback,5,8,kdp,white,0.6756,") !=
          std::string::npos);
}

TEST_CASE("spine head, tail and size are checked like every job key", "[series][job]") {
    const auto refused = [](const std::string& spine) {
        try {
            render::parse_job(
                "title = \"T\"\ntrim = \"5x8in\"\npages = 200\npaper = \"white\"\n"
                "[spine]\n" +
                    spine,
                "book.toml");
        } catch (const InputError& error) {
            return std::string(error.what());
        }
        return std::string("read");
    };
    CHECK(refused("lines = [\"T\"]\nhead = [\"T\"]\n") ==
          "book.toml:7: spine.head: give lines (spread from head to foot) or head and tail "
          "(anchored at the head and the tail), not both");
    CHECK(refused("max_size = 12\nsize = 10\n") ==
          "book.toml:7: spine.size: give size (one size, not fitted) or max_size (the largest "
          "that fits), not both");
    CHECK(refused("size = 100\n") ==
          "book.toml:6: spine.size: size 100 pt is out of range: give 4 to 72");
    const render::Job job = render::parse_job(
        "title = \"T\"\ntrim = \"5x8in\"\npages = 200\npaper = \"white\"\n[spine]\nhead = "
        "[\"T\"]\ntail = [\"1\"]\nsize = 9.5\n",
        "book.toml");
    CHECK(job.spine.lines.empty());  // no default lines beside head and tail
    CHECK(job.spine.size_pt == 9.5);
}

TEST_CASE("reading up the spine, the head's lines still end at the head", "[series][pdf]") {
    TempDir dir;
    const fs::path manifest = dir.path / "series.toml";
    std::string text = manifest_text(three_volumes);
    text.replace(text.find("[spine]\n"), 8, "[spine]\ndirection = \"bottom-to-top\"\n");
    write(manifest, text);
    const fs::path out = dir.path / "out";
    run(manifest, out);
    std::vector<double> heads, tails;
    for (int number = 1; number <= 3; ++number) {
        const fs::path pdf = out / ("book-" + std::to_string(number) + ".kdp.pdf");
        std::unique_ptr<poppler::document> document(
            poppler::document::load_from_file(pdf.string()));
        REQUIRE(document != nullptr);
        const std::unique_ptr<poppler::page> page(document->create_page(0));
        std::map<std::string, poppler::rectf> words;
        for (const auto& box : page->text_list(0)) {
            const auto utf8 = box.text().to_utf8();
            if (box.rotation() == 3)
                words[std::string(utf8.begin(), utf8.end())] = box.bbox();
        }
        REQUIRE(words.size() == 2);  // the title and the number
        const poppler::rectf& number_box = words.at(std::to_string(number));
        for (const auto& [word, box] : words) {
            if (word != std::to_string(number)) {
                heads.push_back(box.top());
                CHECK(box.top() < number_box.top());  // the title above the number
            }
        }
        tails.push_back(number_box.bottom());
    }
    for (std::size_t i = 1; i < heads.size(); ++i) {
        CHECK(std::abs(heads[i] - heads[0]) < 0.72);
        CHECK(std::abs(tails[i] - tails[0]) < 0.72);
    }
}

namespace {

// KDP's built-in printer file with white paper's spine per page changed: a test value, not
// KDP's (0.002252 in [KDP-H]), so that the file's geometry shows in the summary.
std::string kdp_file_with_per_page(const std::string& per_page) {
    for (const auto& file : builtin_printer_files()) {
        if (file.name != "kdp.toml")
            continue;
        std::string text(file.text);
        const std::string kdp_white = "per_page = { value = \"0.002252in\"";
        const auto at = text.find(kdp_white);
        REQUIRE(at != std::string::npos);
        text.replace(at, kdp_white.size(), "per_page = { value = \"" + per_page + "\"");
        return text;
    }
    FAIL("no built-in kdp.toml");
    return {};
}

// Each volume's KDP spine width in summary.json, by volume number.
std::map<int, double> kdp_spines(const fs::path& summary) {
    std::map<int, double> spines;
    const auto doc = nlohmann::json::parse(slurp(summary));
    for (const auto& volume : doc.at("volumes")) {
        for (const auto& printer : volume.at("printers")) {
            if (printer.at("printer") == "kdp")
                spines[volume.at("volume").get<int>()] = printer.at("spine_width_in").get<double>();
        }
    }
    return spines;
}

}  // namespace

TEST_CASE("series --printer-file: its numbers in the covers and its text in the hash",
          "[series][cli][printer-file]") {
    TempDir dir;
    const fs::path manifest = dir.path / "series.toml";
    // Volume 3 is printed by IngramSpark alone: KDP's file does not make its covers.
    std::string volumes = three_volumes;
    volumes.replace(volumes.find("pages = 450"), 11, "pages = 450\nprinters = [\"ingramspark\"]");
    write(manifest, manifest_text(volumes));
    const fs::path printer_file = dir.path / "my-kdp.toml";
    write(printer_file, kdp_file_with_per_page("0.003in"));
    const fs::path out = dir.path / "out";
    const std::vector<std::string> args{"series",     manifest.string(), "-o",
                                        out.string(), "--printer-file",  printer_file.string(),
                                        "--json"};
    const auto statuses_of = [](const Run& result) {
        std::vector<std::string> all;
        const auto doc = nlohmann::json::parse(result.out);
        for (const auto& volume : doc.at("volumes"))
            all.push_back(volume.at("status").get<std::string>());
        return all;
    };

    Run result = run_podcover(args);
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    CHECK(statuses_of(result) == std::vector<std::string>{"rendered", "rendered", "rendered"});
    // 150 and 300 pages at the file's 0.003 in a page, not the built-in 0.002252 in.
    auto spines = kdp_spines(out / "summary.json");
    CHECK(spines.at(1) == Approx(0.45).margin(1e-4));
    CHECK(spines.at(2) == Approx(0.9).margin(1e-4));
    CHECK(spines.count(3) == 0);
    const std::string csv = slurp(out / "summary.csv");
    CHECK(csv.find("1,First,A. Writer,978-0-306-40615-7,150,paperback,5,8,kdp,white,0.45,") !=
          std::string::npos);

    // Unchanged: skipped. The file changed: every volume printed by KDP is rendered again.
    result = run_podcover(args);
    CHECK(statuses_of(result) == std::vector<std::string>{"skipped", "skipped", "skipped"});
    write(printer_file, kdp_file_with_per_page("0.0035in"));
    result = run_podcover(args);
    CHECK(statuses_of(result) == std::vector<std::string>{"rendered", "rendered", "skipped"});
    spines = kdp_spines(out / "summary.json");
    CHECK(spines.at(1) == Approx(0.525).margin(1e-4));
    // Without the file, the built-in KDP again: rendered again, volume 3 too: volume 1's KDP
    // spine (0.3378 in) is now narrower than its IngramSpark spine, and the series' one spine
    // size, fitted to it, is smaller.
    const double size_before = nlohmann::json::parse(result.out).at("spine_size_pt");
    result = run_podcover({"series", manifest.string(), "-o", out.string(), "--json"});
    CHECK(statuses_of(result) == std::vector<std::string>{"rendered", "rendered", "rendered"});
    CHECK(nlohmann::json::parse(result.out).at("spine_size_pt").get<double>() < size_before);
    CHECK(kdp_spines(out / "summary.json").at(1) == Approx(150 * 0.002252).margin(1e-4));
}

TEST_CASE("series --printer-file: a broken or missing file exits 3 naming it, writing nothing",
          "[series][cli][printer-file][exit]") {
    TempDir dir;
    const fs::path manifest = dir.path / "series.toml";
    write(manifest, manifest_text(three_volumes));
    const fs::path out = dir.path / "out";
    const std::string broken = PODCOVER_TEST_DATA "/printer-files/bad/page-range.toml";
    Run result =
        run_podcover({"series", manifest.string(), "-o", out.string(), "--printer-file", broken});
    CHECK(result.exit_code == 3);
    CHECK(result.err == "podcover: " + broken +
                            ":23: paperback.offers.pages.white.value: page range [500, 24] is "
                            "not a range of positive page counts\n");
    CHECK(!fs::exists(out));
    result = run_podcover(
        {"series", manifest.string(), "-o", out.string(), "--printer-file", "/nonexistent.toml"});
    CHECK(result.exit_code == 3);
    CHECK(result.err ==
          "podcover: /nonexistent.toml: cannot open the printer file; check the path\n");
    CHECK(!fs::exists(out));
    const Run help = run_podcover({"series", "--help"});
    CHECK(help.exit_code == 0);
    CHECK(help.out.find("--printer-file FILE") != std::string::npos);
    // The example printer is read and can be named by the manifest's printers.
    std::string text = manifest_text(three_volumes);
    // Example Press offers 6 x 9 in paperbacks (tests/data/printer-files/example-printer.toml).
    text.replace(text.find("trim = \"5x8in\""), 14, "trim = \"6x9in\"");
    text.replace(text.find("printers = [\"kdp\", \"ingramspark\"]"), 33,
                 "printers = [\"example\"]");
    write(manifest, text);
    result = run_podcover({"series", manifest.string(), "-o", out.string(), "--printer-file",
                           PODCOVER_TEST_DATA "/printer-files/example-printer.toml"});
    INFO(result.err);
    CHECK(result.exit_code == 0);
    CHECK(fs::exists(out / "book-1.example.pdf"));
    CHECK(fs::exists(out / "shelf.example.png"));
}

TEST_CASE("series outputs replace no printer file", "[series][cli][printer-file][outputs]") {
    TempDir dir;
    const fs::path manifest = dir.path / "series.toml";
    write(manifest, manifest_text(three_volumes));
    const fs::path out = dir.path / "out";
    fs::create_directories(out);
    // The printer file where volume 2's KDP cover, and then the summary, would go.
    for (const std::string name : {"book-2.kdp.pdf", "summary.json"}) {
        CAPTURE(name);
        const fs::path printer_file = out / name;
        const std::string text = kdp_file_with_per_page("0.003in");
        write(printer_file, text);
        const Run result = run_podcover({"series", manifest.string(), "-o", out.string(),
                                         "--printer-file", printer_file.string()});
        CHECK(result.exit_code == 4);
        CHECK(result.err.find(printer_file.string() + " would replace " + printer_file.string() +
                              ", one of the inputs; choose another output") != std::string::npos);
        CHECK(slurp(printer_file) == text);
        if (name == "book-2.kdp.pdf") {  // that volume alone failed, writing none of its files
            CHECK(fs::exists(out / "book-1.kdp.pdf"));
            CHECK(!fs::exists(out / "book-2.ingramspark.pdf"));
        }
        fs::remove(printer_file);
    }
    // Through a symbolic link: the shelf view would be written through it onto the file.
    const fs::path printer_file = dir.path / "my-kdp.toml";
    const std::string text = kdp_file_with_per_page("0.003in");
    write(printer_file, text);
    fs::remove(out / "shelf.kdp.png");
    fs::create_symlink(printer_file, out / "shelf.kdp.png");
    const Run result = run_podcover(
        {"series", manifest.string(), "-o", out.string(), "--printer-file", printer_file.string()});
    CHECK(result.exit_code == 4);
    CHECK(result.err.find("would replace " + printer_file.string()) != std::string::npos);
    CHECK(slurp(printer_file) == text);
}
