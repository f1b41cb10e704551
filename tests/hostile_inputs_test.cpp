// Hostile and damaged inputs (issue 11): each is refused with a typed error naming the file,
// line and key, never a crash, a hang or a wrapped number. The inputs themselves live in
// tests/fuzz/corpus/, where the fuzz replay runs them all as well.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "podcover/render/handles.hpp"
#include "podcover/render/images.hpp"
#include "podcover/render/jpeg_errors.hpp"
#include "podcover/render/output_files.hpp"

#include "jpeg_writer.hpp"
#include "podcover/data_file.hpp"
#include "podcover/errors.hpp"
#include "podcover/printer_file.hpp"
#include "podcover/render/job.hpp"
#include "run_podcover.hpp"
#include "support.hpp"

using namespace podcover;
using namespace podcover::test;
using Catch::Contains;
using podcover::render::CairoSurface;
namespace fs = std::filesystem;

extern char** environ;

namespace {

const fs::path corpus = fs::path(PODCOVER_TEST_DATA) / ".." / "fuzz" / "corpus";

// The InputError a job file's text gives (failing the test when it is accepted).
std::string job_error(const std::string& text) {
    try {
        render::parse_job(text, "book.toml");
    } catch (const InputError& error) {
        return error.what();
    }
    FAIL("the job was accepted");
    return {};
}

std::string printer_error(const std::string& text) {
    try {
        parse_printer_file(text, "printer.toml");
    } catch (const InputError& error) {
        return error.what();
    }
    FAIL("the printer file was accepted");
    return {};
}

const std::string base = "title = \"T\"\ntrim = \"6x9in\"\npages = 300\npaper = \"white\"\n";

}  // namespace

TEST_CASE("TOML that crashed or asserted inside toml++ is refused with its line",
          "[hostile][toml]") {
    // A Debug or sanitizer build of toml++ asserted on these; "é = 1" reached code it marks
    // unreachable.
    CHECK(job_error("[\\") ==
          "book.toml:1: not valid TOML: Error while parsing key: expected bare key starting "
          "character or string delimiter, saw '\\'");
    CHECK(job_error("a = [}]") ==
          "book.toml:1: not valid TOML: Error while parsing value: could not determine value type");
    CHECK(job_error("\xC3\xA9 = 1") ==
          "book.toml:1: not valid TOML: Error while parsing root table: expected keys, tables, "
          "whitespace or comments, saw '\xC3\xA9'");
    CHECK_THAT(job_error(base + "a.\xC3\xA9 = 1\n"), Contains("book.toml:5: not valid TOML"));
    CHECK_THAT(job_error(base + "a = \"\"\"\\\xC3\xA9\"\"\"\n"),
               Contains("book.toml:5: not valid TOML") && Contains("unknown escape sequence"));
    // Valid TOML that passed through the same table: a line-ending backslash, then a letter
    // that is not ASCII.
    const render::Job job = render::parse_job(
        base + "[back]\ncopy = \"\"\"Un \\\n  \xC3\xA9t\xC3\xA9\"\"\"\n", "b.toml");
    CHECK(job.back.copy == "Un \xC3\xA9t\xC3\xA9");
}

TEST_CASE("what reaches the TOML parser is bounded: size, nesting, dotted parts, UTF-8, NUL",
          "[hostile][toml]") {
    // 300,000 dotted parts overflowed the stack inside toml++ (a segfault).
    const std::string dotted = slurp(corpus / "job_file" / "toml-dotted-300000.toml");
    REQUIRE(dotted.size() == 600'002);
    CHECK(job_error(dotted) ==
          "book.toml:1: a key or table header of more than 32 dotted parts; podcover's files "
          "need a few");
    CHECK(printer_error(dotted) ==
          "printer.toml:1: a key or table header of more than 32 dotted parts; podcover's files "
          "need a few");
    std::string parts = "a";
    for (int i = 1; i < max_toml_key_parts; ++i)
        parts += ".a";
    CHECK_THAT(job_error(base + parts + " = 1\n"), Contains("unknown key 'a'"));  // 32 is read
    CHECK_THAT(job_error(base + parts + ".a = 1\n"), Contains("book.toml:5: a key or table"));
    CHECK_THAT(job_error(base + "[" + parts + ".\"a.b\".c]\n"), Contains("more than 32 dotted"));
    // Dots in strings and comments are no parts.
    CHECK_THAT(
        job_error(base + "x = \"" + std::string(100, '.') + "\" # " + std::string(100, '.') + "\n"),
        Contains("unknown key 'x'"));

    CHECK(job_error("a = " + std::string(33, '[') + std::string(33, ']')) ==
          "book.toml:1: more than 32 brackets and braces open at once; podcover's files need a "
          "few");
    CHECK_THAT(job_error(slurp(corpus / "job_file" / "toml-nested-inline-tables.toml")),
               Contains("book.toml:1: more than 32 brackets and braces"));
    CHECK_THAT(job_error(base + "x = [\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"]\n"),
               Contains("unknown key 'x'"));

    CHECK(job_error(base + std::string(max_toml_bytes + 1 - base.size(), ' ')) ==
          "book.toml: 2000001 bytes, more than the 2000000 podcover reads from a TOML file; is it "
          "the right file?");
    CHECK_NOTHROW(
        render::parse_job(base + std::string(max_toml_bytes - base.size(), ' '), "b.toml"));
    CHECK(job_error(base + "subtitle = \"S\xFF\xFE\"\n") ==
          "book.toml:5: not UTF-8 (the bytes \\xFF\\xFE\\x22\\x0A); save the file as UTF-8");
    CHECK_THAT(job_error(base + "subtitle = \"\xC0\xAF\"\n"),
               Contains(":5: not UTF-8"));  // overlong
    CHECK_THAT(job_error(base + "subtitle = \"\xED\xA0\x80\"\n"),
               Contains(":5: not UTF-8"));  // surrogate
    CHECK_THAT(job_error(base + "subtitle = \"\xF4\x90\x80\x80\"\n"), Contains(":5: not UTF-8"));
    CHECK_THAT(job_error(base + "subtitle = \"\xE2\x82\"\n"), Contains(":5: not UTF-8"));
    CHECK(job_error(base + "\n\nsubtitle = \"S" + std::string(1, '\0') + "\"\n") ==
          "book.toml:7: a NUL byte: not a text file; is it the right file?");
}

TEST_CASE("NaN and infinity in a job file are refused with the file, line and key",
          "[hostile][job]") {
    CHECK(job_error(base + "[back]\ncopy = \"x\"\nsize = nan\n") ==
          "book.toml:7: back.size: nan is not a size: give a number of points, 5 to 30");
    CHECK(job_error(base + "[front]\ntitle_size = inf\n") ==
          "book.toml:6: front.title_size: inf is not a size: give a number of points, 6 to 200");
    CHECK(job_error(base + "[spine]\nmax_size = -nan\n") ==
          "book.toml:6: spine.max_size: nan is not a size: give a number of points, 4 to 72");
    CHECK(job_error(base + "[front]\nauthor_size = -inf\n") ==
          "book.toml:6: front.author_size: inf is not a size: give a number of points, 4 to 100");
    // A huge size was cast to int for its message (undefined behaviour).
    CHECK(job_error(base + "[back]\nsize = 1e300\n") ==
          "book.toml:6: back.size: size is out of range: give 5 to 30");
    CHECK(job_error(base + "[back]\nsize = 30.5\n") ==
          "book.toml:6: back.size: size 30.5 pt is out of range: give 5 to 30");
}

TEST_CASE("a job's trim beyond what podcover reads is refused, not wrapped", "[hostile][job]") {
    CHECK(job_error("title = \"T\"\ntrim = \"297709857323655698568131766x9in\"\npages = 300\n"
                    "paper = \"white\"\n") ==
          "book.toml:2: trim: '297709857323655698568131766 in' is too large for a length: "
          "podcover reads lengths up to 1,000,000 in");
}

TEST_CASE("damaged job and printer files exit 3 with one line, never a crash", "[hostile][cli]") {
    for (const std::string name :
         {"toml-dotted-300000.toml", "toml-open-bracket-backslash.toml",
          "toml-array-close-brace.toml", "toml-non-ascii-key.toml", "toml-nul.toml",
          "toml-invalid-utf8.toml", "toml-nested-arrays.toml", "job-nan-size.toml"}) {
        INFO(name);
        const std::string path = (corpus / "job_file" / name).string();
        const Run render = run_podcover({"render", path, "-o", "unused-out"});
        CHECK(render.exit_code == 3);
        CHECK_THAT(render.err, Catch::StartsWith("podcover: " + path + ":"));
        CHECK(std::count(render.err.begin(), render.err.end(), '\n') == 1);
        const Run spec = run_podcover({"spec", "--trim", "6x9in", "--pages", "300", "--paper",
                                       "white", "--printer-file", path});
        CHECK(spec.exit_code == 3);
        CHECK_THAT(spec.err, Catch::StartsWith("podcover: " + path + ":"));
        CHECK(std::count(spec.err.begin(), spec.err.end(), '\n') == 1);
    }
    CHECK_FALSE(fs::exists("unused-out"));
}

TEST_CASE("JSON output never fails on bytes that are not UTF-8", "[hostile][cli][json]") {
    // --name with a byte that is not UTF-8 threw nlohmann's type_error 316: exit 5.
    TempDir dir;
    const Run named = run_podcover({"template", "--trim", "6x9in", "--pages", "300", "--paper",
                                    "white", "--printer", "kdp", "-o", (dir.path / "t").string(),
                                    "--name", "a\xFF", "--json"});
    CHECK(named.exit_code == 2);
    CHECK(named.err ==
          "podcover: --name: 'a\\xFF' is not UTF-8 text; podcover reads option values as UTF-8 "
          "(check the terminal's encoding)\n");
    // A folder name the system allows, whatever its bytes: written, and shown as U+FFFD.
    const std::string folder = (dir.path / "t\xFE").string();
    const Run written = run_podcover({"template", "--trim", "6x9in", "--pages", "300", "--paper",
                                      "white", "--printer", "kdp", "-o", folder, "--json"});
    CHECK(written.exit_code == 0);
    const auto doc = nlohmann::json::parse(written.out);
    CHECK(doc.at("outputs").at(0).at("path").get<std::string>().find("t\xEF\xBF\xBD/") !=
          std::string::npos);
    CHECK(fs::exists(fs::path(folder) / "template.kdp.template.pdf"));
}

// ---- art ------------------------------------------------------------------------------------

namespace {

// A grey JPEG of the size given, as libjpeg writes it.
std::string grey_jpeg(int width, int height) {
    test::JpegSpec spec;
    spec.width = width;
    spec.height = height;
    spec.components = 1;
    spec.input = JCS_GRAYSCALE;
    spec.quality = 75;  // libjpeg's default
    return test::encode_jpeg(spec, [&](int, unsigned char* row) {
        std::fill(row, row + width, static_cast<unsigned char>(128));
    });
}

// The JPEG with another size written in its frame header (SOF0), its data unchanged.
std::string declaring(std::string jpeg, int width, int height) {
    const std::size_t frame = jpeg.find("\xFF\xC0");
    REQUIRE(frame != std::string::npos);
    jpeg[frame + 5] = static_cast<char>(height >> 8);
    jpeg[frame + 6] = static_cast<char>(height & 0xFF);
    jpeg[frame + 7] = static_cast<char>(width >> 8);
    jpeg[frame + 8] = static_cast<char>(width & 0xFF);
    return jpeg;
}

std::string image_error(const fs::path& path, bool decode = false) {
    try {
        const auto image = render::Image::open(path);
        if (decode)
            image->raster_surface(image->width_px());
    } catch (const InputError& error) {
        return error.what();
    }
    FAIL("the image was accepted");
    return {};
}

}  // namespace

TEST_CASE("art is checked against the pixel limit before any pixel is decoded", "[hostile][art]") {
    TempDir dir;
    // 825 bytes declaring 32000 x 32000 px took 4 GB and 34 s, and exited 0.
    write(dir.path / "huge.jpg", declaring(grey_jpeg(16, 16), 32000, 32000));
    CHECK(image_error(dir.path / "huge.jpg") ==
          (dir.path / "huge.jpg").string() +
              ": the image is 32000 \xC3\x97 32000 px, 1024 million pixels, more than the 200 "
              "million podcover reads; scale it down (300 ppi is enough for print)");
    // Wider than Cairo draws: a Cairo error, exit 5.
    write(dir.path / "wide.jpg", declaring(grey_jpeg(16, 16), 40000, 100));
    CHECK_THAT(image_error(dir.path / "wide.jpg"),
               Contains("wide.jpg: the image is 40000 \xC3\x97 100 px, beyond the 32767 px a side "
                        "podcover draws (Cairo's limit)"));
    // A PNG's header is read before it is decoded.
    const fs::path png = dir.path / "wide.png";
    {
        CairoSurface surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, 4, 4));
        REQUIRE(cairo_surface_write_to_png(surface.get(), png.c_str()) == CAIRO_STATUS_SUCCESS);
    }
    std::string bytes = slurp(png);
    bytes[16] = 0;
    bytes[17] = 0;
    bytes[18] = static_cast<char>(0x9C);  // 40000 px wide
    bytes[19] = 0x40;
    write(png, bytes);
    CHECK_THAT(image_error(png), Contains("wide.png: the image is 40000 \xC3\x97 4 px, beyond"));
    write(dir.path / "cut.png", slurp(png).substr(0, 20));
    CHECK_THAT(image_error(dir.path / "cut.png"), Contains("not a PNG podcover can read"));
}

TEST_CASE("truncated and corrupt JPEGs are refused, naming the file", "[hostile][art]") {
    TempDir dir;
    const std::string good = grey_jpeg(640, 480);
    write(dir.path / "good.jpg", good);
    CHECK_NOTHROW(render::Image::open(dir.path / "good.jpg")->raster_surface(640));
    // Cut short: it was embedded in the cover with exit 0.
    write(dir.path / "cut.jpg", good.substr(0, good.size() / 2));
    CHECK(image_error(dir.path / "cut.jpg") ==
          (dir.path / "cut.jpg").string() +
              ": the JPEG is cut short (it has no end marker); copy or export it again");
    // Whole, but with far less data than its size needs: libjpeg printed "Corrupt JPEG data"
    // on standard error and filled the rest with grey.
    write(dir.path / "thin.jpg", declaring(grey_jpeg(16, 16), 8000, 6000));
    CHECK(image_error(dir.path / "thin.jpg", true) ==
          (dir.path / "thin.jpg").string() +
              ": the JPEG is damaged (Corrupt JPEG data: premature end of data segment); export "
              "it again");
}

TEST_CASE("render refuses damaged art in one line, quickly, and writes nothing",
          "[hostile][art][cli]") {
    TempDir dir;
    write(dir.path / "art.jpg", declaring(grey_jpeg(16, 16), 32000, 32000));
    write(dir.path / "book.toml", base + "[art]\nwrap = \"art.jpg\"\n");
    const auto start = std::chrono::steady_clock::now();
    const Run run = run_podcover(
        {"render", (dir.path / "book.toml").string(), "-o", (dir.path / "out").string()});
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
    CHECK(run.exit_code == 3);
    CHECK_THAT(run.err, Catch::StartsWith("podcover: " + (dir.path / "book.toml").string() +
                                          ":6: art.wrap: ") &&
                            Contains("32000 \xC3\x97 32000 px"));
    CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
    CHECK_FALSE(fs::exists(dir.path / "out"));  // the folder it would have made is gone too
}

// ---- outputs never replace inputs, and a run's outputs are written together -------------------

namespace {

const fs::path example_printer =
    fs::path(PODCOVER_TEST_DATA) / "printer-files" / "example-printer.toml";

// The names in a folder, sorted.
std::vector<std::string> names_in(const fs::path& folder) {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(folder))
        names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

void expect_refused(const Run& run, const std::string& message) {
    CHECK(run.exit_code == 4);
    CHECK(run.err == "podcover: " + message + "\n");
}

}  // namespace

TEST_CASE("check --proof replaces none of the files it reads, through links too",
          "[hostile][outputs][cli]") {
    TempDir dir;
    const fs::path cover = dir.path / "cover.pdf", interior = dir.path / "interior.pdf",
                   printer = dir.path / "printer.toml";
    write(cover, "cover bytes");
    write(interior, "interior bytes");
    fs::copy_file(example_printer, printer);
    const std::string printer_text = slurp(printer);
    // It replaced the interior and the printer file.
    expect_refused(run_podcover({"check", cover.string(), "--interior", interior.string(),
                                 "--proof", interior.string()}),
                   "--proof: " + interior.string() + " would replace " + interior.string() +
                       ", one of the inputs; choose another output");
    expect_refused(run_podcover({"check", cover.string(), "--printer-file", printer.string(),
                                 "--proof", printer.string()}),
                   "--proof: " + printer.string() + " would replace " + printer.string() +
                       ", one of the inputs; choose another output");
    fs::create_symlink(cover, dir.path / "link.pdf");
    expect_refused(
        run_podcover({"check", cover.string(), "--proof", (dir.path / "link.pdf").string()}),
        "--proof: " + (dir.path / "link.pdf").string() + " would replace " + cover.string() +
            " (the same file), one of the inputs; choose another output");
    fs::create_hard_link(interior, dir.path / "hard.pdf");
    expect_refused(run_podcover({"check", cover.string(), "--interior", interior.string(),
                                 "--proof", (dir.path / "hard.pdf").string()}),
                   "--proof: " + (dir.path / "hard.pdf").string() + " would replace " +
                       interior.string() +
                       " (the same file), one of the inputs; choose another "
                       "output");
    CHECK(slurp(cover) == "cover bytes");
    CHECK(slurp(interior) == "interior bytes");
    CHECK(slurp(printer) == printer_text);
}

TEST_CASE("render and template outputs replace no printer file or font file",
          "[hostile][outputs][cli]") {
    TempDir dir;
    // template: its PDF would have replaced the printer file given.
    const fs::path printer = dir.path / "template.example.template.pdf";
    fs::copy_file(example_printer, printer);
    const std::string printer_text = slurp(printer);
    expect_refused(run_podcover({"template", "--trim", "6x9in", "--pages", "300", "--paper",
                                 "white", "--printer", "example", "--printer-file",
                                 printer.string(), "-o", dir.path.string()}),
                   printer.string() + " would replace " + printer.string() +
                       ", one of the inputs; choose another output");
    CHECK(slurp(printer) == printer_text);
    CHECK(names_in(dir.path) == std::vector<std::string>{"template.example.template.pdf"});

    // render: a cover onto the printer file, a preview onto a font file of [fonts].
    const fs::path render_printer = dir.path / "book.example.pdf";
    fs::copy_file(example_printer, render_printer);
    write(dir.path / "book.toml", base + "printers = [\"example\"]\n");
    expect_refused(run_podcover({"render", (dir.path / "book.toml").string(), "--printer-file",
                                 render_printer.string(), "-o", dir.path.string()}),
                   render_printer.string() + " would replace " + render_printer.string() +
                       ", one of the inputs; choose another output");
    CHECK(slurp(render_printer) == printer_text);
    write(dir.path / "font.ttf", "font bytes");
    fs::create_hard_link(dir.path / "font.ttf", dir.path / "book.kdp.png");
    write(dir.path / "book.toml", base + "printers = [\"kdp\"]\n[fonts]\nbody = \"font.ttf\"\n");
    const Run font =
        run_podcover({"render", (dir.path / "book.toml").string(), "-o", dir.path.string()});
    CHECK(font.exit_code == 4);
    CHECK_THAT(font.err, Contains("book.kdp.png would replace " + (dir.path / "font.ttf").string() +
                                  " (the same file)"));
    CHECK(slurp(dir.path / "font.ttf") == "font bytes");
}

TEST_CASE("a run that fails keeps the previous outputs; a killed run's temporaries go next time",
          "[hostile][outputs][cli]") {
    TempDir dir;
    const fs::path out = dir.path / "out";
    write(dir.path / "art.jpg", grey_jpeg(600, 400));
    write(dir.path / "book.toml", base + "printers = [\"kdp\"]\n[art]\nfront = \"art.jpg\"\n");
    const std::vector<std::string> render = {"render", (dir.path / "book.toml").string(), "-o",
                                             out.string()};
    REQUIRE(run_podcover(render).exit_code == 0);
    const std::vector<std::string> written = names_in(out);
    CHECK(written == std::vector<std::string>{"book.kdp.pdf", "book.kdp.png", "book.proof.pdf",
                                              "book.proof.png"});
    std::vector<std::string> before;
    for (const auto& name : written)
        before.push_back(slurp(out / name));

    // The art is damaged where only decoding finds it: after the cover PDF was made. That PDF
    // replaced the previous one before; now nothing is replaced.
    write(dir.path / "art.jpg", declaring(grey_jpeg(16, 16), 8000, 6000));
    const Run failed = run_podcover(render);
    CHECK(failed.exit_code == 3);
    CHECK_THAT(failed.err, Contains("the JPEG is damaged"));
    CHECK(names_in(out) == written);
    for (std::size_t i = 0; i < written.size(); ++i)
        CHECK(slurp(out / written[i]) == before[i]);

    // Temporaries of a run that was killed (its process gone) are removed by the next run;
    // those of a run still going are kept.
    const std::string stale = ".book.kdp.pdf.podcover-999999999-Ab3dEf";
    const std::string live = ".book.kdp.png.podcover-" + std::to_string(getpid()) + "-Ab3dEf";
    write(out / stale, "half a PDF");
    write(out / live, "half a PNG");
    CHECK(render::OutputFiles::is_temporary(stale));
    CHECK_FALSE(render::OutputFiles::is_temporary("book.kdp.pdf"));
    CHECK(run_podcover(render).exit_code == 3);  // removed even by a run that fails
    CHECK_FALSE(fs::exists(out / stale));
    CHECK(fs::exists(out / live));
}

TEST_CASE("a render killed at any moment leaves whole files or none",
          "[hostile][outputs][faults]") {
    TempDir dir;
    write(dir.path / "art.jpg", grey_jpeg(1800, 1200));
    write(dir.path / "book.toml", base + "[art]\nwrap = \"art.jpg\"\n");
    const fs::path reference = dir.path / "reference";
    const auto started = std::chrono::steady_clock::now();
    REQUIRE(run_podcover({"render", (dir.path / "book.toml").string(), "-o", reference.string()})
                .exit_code == 0);
    const auto full = std::chrono::steady_clock::now() - started;
    // Outputs are the same bytes for the same input: a file that is there must be the whole one.
    const fs::path out = dir.path / "out";
    for (int i = 1; i <= 8; ++i) {
        const auto delay = full * i / 9;
        std::vector<std::string> words = {PODCOVER_BIN, "render", (dir.path / "book.toml").string(),
                                          "-o", out.string()};
        std::vector<char*> argv;
        for (auto& word : words)
            argv.push_back(word.data());
        argv.push_back(nullptr);
        pid_t pid = 0;
        REQUIRE(posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ) == 0);
        std::this_thread::sleep_for(delay);
        ::kill(pid, SIGKILL);
        int status = 0;
        ::waitpid(pid, &status, 0);
        if (!fs::exists(out))
            continue;
        for (const auto& name : names_in(out)) {
            INFO("killed after " << std::chrono::duration<double>(delay).count() << " s: " << name);
            if (render::OutputFiles::is_temporary(name))
                continue;
            CHECK(slurp(out / name) == slurp(reference / name));
        }
    }
    // The next run removes what the killed ones left.
    REQUIRE(
        run_podcover({"render", (dir.path / "book.toml").string(), "-o", out.string()}).exit_code ==
        0);
    CHECK(names_in(out) == names_in(reference));
}

TEST_CASE("an interior PDF whose page has no size or a huge one is refused", "[hostile][job]") {
    TempDir dir;
    // One page with the MediaBox given; qpdf rebuilds the cross-reference table it lacks.
    auto pdf_with_box = [](const std::string& box) {
        return "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
               "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
               "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [" +
               box + "] >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
    };
    for (const auto& [box, shown] :
         {std::pair{"0 0 0 0", "0 pt"},
          std::pair{"0 0 1000000000000000000000000000000.0 9", "out of range"},
          std::pair{"0 0 100000 792", "100000 pt"}}) {
        INFO(box);
        write(dir.path / "interior.pdf", pdf_with_box(box));
        write(dir.path / "book.toml",
              "title = \"T\"\npaper = \"white\"\ninterior = \"interior.pdf\"\n");
        const Run run = run_podcover(
            {"render", (dir.path / "book.toml").string(), "-o", (dir.path / "out").string()});
        CHECK(run.exit_code == 3);
        CHECK(run.err == "podcover: " + (dir.path / "interior.pdf").string() +
                             ": a page's MediaBox is " + shown +
                             " across; the interior PDF is damaged: export it again\n");
    }
}

TEST_CASE("a megabyte of copy or title in one word renders in seconds", "[hostile][text][cli]") {
    TempDir dir;
    const std::string word(1'000'000, 'x');
    // The back copy took 40 s: shaped whole for every size tried, set as one line.
    write(dir.path / "copy.toml", base + "printers = [\"kdp\"]\n[back]\ncopy = \"" + word + "\"\n");
    write(dir.path / "title.toml", "title = \"" + word +
                                       "\"\ntrim = \"6x9in\"\npages = 300\npaper = \"white\"\n"
                                       "printers = [\"kdp\"]\n");
    for (const std::string job : {"copy", "title"}) {
        INFO(job);
        const auto start = std::chrono::steady_clock::now();
        const Run run = run_podcover(
            {"render", (dir.path / (job + ".toml")).string(), "-o", (dir.path / job).string()});
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        CHECK(run.exit_code == 0);
        CHECK_THAT(run.out, Contains("does not fit"));
        CHECK(seconds < 20);  // about 1 s in a release build
    }
}

TEST_CASE("endless and huge files are refused without being read whole", "[hostile][cli]") {
    // /dev/zero as a job or printer file was read until memory ran out.
    for (const auto& args :
         {std::vector<std::string>{"render", "/dev/zero", "-o", "unused-out"},
          std::vector<std::string>{"spec", "--trim", "6x9in", "--pages", "300", "--paper", "white",
                                   "--printer-file", "/dev/zero"}}) {
        const Run run = run_podcover(args);
        CHECK(run.exit_code == 3);
        CHECK(run.err ==
              "podcover: /dev/zero: 2000001 bytes, more than the 2000000 podcover "
              "reads from a TOML file; is it the right file?\n");
    }
    // Art is read whole: a 3 GB file (sparse here) is refused by its size.
    TempDir dir;
    { std::ofstream art(dir.path / "art.jpg", std::ios::binary); }
    fs::resize_file(dir.path / "art.jpg", 3'000'000'000);
    write(dir.path / "book.toml", base + "[art]\nwrap = \"art.jpg\"\n");
    const Run run = run_podcover(
        {"render", (dir.path / "book.toml").string(), "-o", (dir.path / "out").string()});
    CHECK(run.exit_code == 3);
    CHECK_THAT(run.err, Contains("art.jpg: the image file is 3000 MB, more than the 1000 MB "
                                 "podcover reads"));
}
