// Hostile PDFs (issue 11) through `podcover check`: each ends with its exit code and a one-line
// message naming the file and the limit, never a crash, a hang or unbounded memory. Every
// limit of docs/check.md ("Limits") is tested at its value and one past it; CTest's TIMEOUT
// fails a run that hangs, and bench/check-limits.sh measures the times and memory.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "hostile_pdfs.hpp"
#include "podcover/check/cover_pdf.hpp"
#include "run_podcover.hpp"
#include "support.hpp"

namespace fs = std::filesystem;
using namespace podcover::literals;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using podcover::check::CoverPdf;
using podcover::check::Deadline;
using podcover::check::LimitError;

namespace podcover::test {
namespace {

const std::string cover_box = "/MediaBox [0 0 930.6432 666]";

std::unique_ptr<CoverPdf> open(const fs::path& file) {
    return CoverPdf::open(file, Deadline::after(std::chrono::minutes(2)));
}

// The limit CoverPdf::open (or, for what only drawing counts, its inventory) refuses the file
// with; "" when it reads it.
std::string refused_by(const fs::path& file) {
    try {
        const auto pdf = open(file);
        pdf->inventory();
        return "";
    } catch (const LimitError& error) {
        INFO(error.what());
        return error.limit();
    }
}

fs::path written(const TempDir& dir, const std::string& name, const std::string& bytes) {
    write(dir.path / name, bytes);
    return dir.path / name;
}

std::string repeated(const std::string& unit, int count) {
    std::string text;
    for (int i = 0; i < count; ++i)
        text += unit;
    return text;
}

std::string image_pdf(int width, int height, const std::string& colour_space) {
    return one_page_pdf(
        cover_box + " /Resources << /XObject << /Im 4 0 R >> >>", "q 930 0 0 666 0 0 cm /Im Do Q\n",
        {make_stream("/Type /XObject /Subtype /Image /Width " + std::to_string(width) +
                         " /Height " + std::to_string(height) + " /ColorSpace " + colour_space +
                         " /BitsPerComponent 8",
                     "\x80\x80\x80")});
}

std::string inline_image_pdf(int width, int height) {
    return one_page_pdf(cover_box, "q 930 0 0 666 0 0 cm BI /W " + std::to_string(width) + " /H " +
                                       std::to_string(height) +
                                       " /CS /RGB /BPC 8 ID \n\x80\x80\x80\nEI Q\n");
}

std::string pattern_pdf(const std::string& step) {
    return one_page_pdf(
        cover_box + " /Resources << /Pattern << /P 4 0 R >> >>",
        "/Pattern cs /P scn 0 0 930 666 re f\n",
        {make_stream("/PatternType 1 /PaintType 1 /TilingType 1 /BBox [0 0 " + step + " " + step +
                         "] /XStep " + step + " /YStep " + step + " /Resources << >>",
                     "0.5 g 0 0 " + step + " " + step + " re f\n")});
}

std::string annotations_pdf(int count) {
    std::string annots = " /Annots [";
    for (int i = 0; i < count; ++i)
        annots += " << /Type /Annot /Subtype /Square /Rect [0 0 10 10] >>";
    return one_page_pdf(cover_box + annots + " ]", "0.5 g 0 0 930 666 re f\n");
}

}  // namespace

TEST_CASE("every hostile PDF ends with its exit code and one line naming the limit",
          "[limits][cli]") {
    TempDir dir;
    for (const HostilePdf& hostile : hostile_pdfs(true)) {
        const fs::path file = written(dir, hostile.name, hostile.bytes);
        std::vector<std::string> arguments{"check", file.string()};
        arguments.insert(arguments.end(), hostile.arguments.begin(), hostile.arguments.end());
        const Run run = run_podcover(arguments);
        INFO(hostile.name << " (" << hostile.what << "): exit " << run.exit_code << "\n"
                          << run.err);
        CHECK(run.exit_code == hostile.exit_code);
        if (hostile.exit_code == 3) {
            CHECK_THAT(run.err, StartsWith("podcover: " + file.string() + ": ") &&
                                    Contains(hostile.message));
            CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
            CHECK(run.out.empty());
        } else {
            // Nothing from podcover (a sanitizer build may print its own summary).
            CHECK_THAT(run.err, !Contains("podcover: "));
            CHECK_THAT(run.out, StartsWith(file.string() + ": 1 page"));
        }
    }
}

TEST_CASE("the check fuzzer's corpus holds every small hostile PDF as made here", "[limits]") {
    // Regenerate with: podcover_make_hostile_pdfs tests/fuzz/corpus/check (and --seeds).
    const fs::path corpus = PODCOVER_FUZZ_CORPUS;
    auto kept = hostile_pdfs(false);
    const auto seeds = seed_pdfs();
    kept.insert(kept.end(), seeds.begin(), seeds.end());
    for (const HostilePdf& pdf : kept) {
        INFO(pdf.name);
        CHECK(slurp(corpus / "check" / pdf.name) == pdf.bytes);
    }
}

TEST_CASE("each limit refuses the file before it is drawn, with the limit's name", "[limits]") {
    TempDir dir;
    for (const HostilePdf& hostile : hostile_pdfs(false)) {
        if (hostile.limit.empty())
            continue;
        INFO(hostile.name);
        CHECK(refused_by(written(dir, hostile.name, hostile.bytes)) == hostile.limit);
    }
}

TEST_CASE("each limit reads a page at its value and refuses one past it", "[limits]") {
    TempDir dir;
    const auto pair = [&](const std::string& name, const std::string& at_limit,
                          const std::string& past_limit, const std::string& limit) {
        INFO(name);
        CHECK(refused_by(written(dir, name + "-at.pdf", at_limit)).empty());
        CHECK(refused_by(written(dir, name + "-past.pdf", past_limit)) == limit);
    };
    // 10,000 nested saved states.
    pair("save-depth",
         one_page_pdf(cover_box,
                      repeated("q ", 10'000) + "0 g 0 0 9 9 re f " + repeated("Q ", 10'000)),
         one_page_pdf(cover_box, repeated("q ", 10'001) + repeated("Q ", 10'001)), "save-depth");
    // A path of 1,000,000 segments (the move and 999,999 lines), compressed.
    pair("path-segments", one_page_pdf(cover_box, "0 0 m\n" + repeated("1 1 l\n", 999'999) + "S\n"),
         one_page_pdf(cover_box, "0 0 m\n" + repeated("1 1 l\n", 1'000'000) + "S\n"),
         "path-segments");
    // 400,000,000 pixels; 1,500,000,000 bytes decoded (15,000 x 25,000 CMYK).
    pair("image-pixels", image_pdf(20'000, 20'000, "/DeviceGray"),
         image_pdf(20'000, 20'001, "/DeviceGray"), "image-pixels");
    pair("image-bytes", image_pdf(15'000, 25'000, "/DeviceCMYK"),
         image_pdf(15'000, 25'001, "/DeviceCMYK"), "image-bytes");
    // Inline: 16,000,000 bytes is 2309 x 2309 RGB (15,993,843); 2310 x 2310 is 16,008,300.
    pair("inline-image-bytes", inline_image_pdf(2309, 2309), inline_image_pdf(2310, 2310),
         "inline-image-bytes");
    pair("annotations", annotations_pdf(1000), annotations_pdf(1001), "annotations");
    // 1 pt tiles over 930 x 666 pt: 620,000 or so; 0.5 pt tiles: four times as many.
    pair("pattern-tiles", pattern_pdf("1"), pattern_pdf("0.5"), "pattern-tiles");
    // Glyphs: each byte of a shown string; operators: every operator, forms counted as drawn.
    const std::string font = cover_box +
                             " /Resources << /Font << /F << /Type /Font /Subtype /Type1 /BaseFont "
                             "/Helvetica >> >> >>";
    pair("glyphs", one_page_pdf(font, "BT /F 1 Tf (" + std::string(1'000'000, 'a') + ") Tj ET\n"),
         one_page_pdf(font, "BT /F 1 Tf (" + std::string(1'000'001, 'a') + ") Tj ET\n"), "glyphs");
    pair("operators", one_page_pdf(cover_box, repeated("n\n", 3'000'000)),
         one_page_pdf(cover_box, repeated("n\n", 3'000'001)), "operators");
}

TEST_CASE("Type 3 glyphs are counted in the font the state holds, through forms and q",
          "[limits]") {
    TempDir dir;
    // Object 4: forms fanned out to 10^4 fills (4 levels of ten, objects 4 to 7).
    std::vector<std::string> objects;
    for (int level = 1; level <= 4; ++level) {
        objects.push_back(make_stream("/Type /XObject /Subtype /Form /BBox [0 0 9 9]" +
                                          (level < 4 ? " /Resources << /XObject << /G " +
                                                           std::to_string(level + 4) + " 0 R >> >>"
                                                     : std::string()),
                                      level < 4 ? repeated("/G Do\n", 10) : "0 0 1 1 re f\n"));
    }
    // Object 8: a Type 3 font whose glyph a draws them; 9 its procedure.
    objects.push_back(
        "<< /Type /Font /Subtype /Type3 /FontBBox [0 0 9 9] /FontMatrix [0.001 0 0 0.001 0 0] "
        "/CharProcs << /a 9 0 R >> /Encoding << /Type /Encoding /Differences [97 /a] >> "
        "/FirstChar 97 /LastChar 97 /Widths [1000] /Resources << /XObject << /G 4 0 R >> >> >>");
    objects.push_back(make_stream("", "1000 0 d0 /G Do\n"));
    const std::string helvetica = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";
    const std::string thousand = "(" + std::string(1000, 'a') + ") Tj";

    // The font restored by Q is the Type 3 font, whatever q ... Q set in between.
    std::vector<std::string> restored = objects;
    const std::string fonts = " /Resources << /Font << /T 8 0 R /H " + helvetica + " >> >>";
    CHECK(refused_by(written(
              dir, "restored.pdf",
              one_page_pdf(cover_box + fonts, "BT /T 9 Tf q /H 9 Tf Q " + thousand + " ET\n",
                           restored))) == "operators");
    // A form shows text in its caller's font, though its own resources name another /T.
    std::vector<std::string> carried = objects;
    carried.push_back(
        make_stream("/Type /XObject /Subtype /Form /BBox [0 0 9 9] /Resources << "
                    "/Font << /T " +
                        helvetica + " >> >>",
                    "BT " + thousand + " ET\n"));
    CHECK(refused_by(written(dir, "carried.pdf",
                             one_page_pdf(cover_box + " /Resources << /Font << /T 8 0 R >> "
                                                      "/XObject << /Fm 10 0 R >> >>",
                                          "BT /T 9 Tf ET /Fm Do\n", carried))) == "operators");
    // A glyph showing another glyph of its font a thousand times: a shows b, b draws 10^4.
    std::vector<std::string> nested(objects.begin(), objects.begin() + 4);
    nested.push_back(
        "<< /Type /Font /Subtype /Type3 /FontBBox [0 0 9 9] /FontMatrix [0.001 0 0 0.001 0 0] "
        "/CharProcs << /a 9 0 R /b 10 0 R >> /Encoding << /Type /Encoding /Differences [97 /a "
        "/b] >> /FirstChar 97 /LastChar 98 /Widths [1000 1000] /Resources << /XObject << /G 4 0 "
        "R >> /Font << /T 8 0 R >> >> >>");
    nested.push_back(
        make_stream("", "1000 0 d0 BT /T 1 Tf (" + std::string(1000, 'b') + ") Tj ET\n"));
    nested.push_back(make_stream("", "1000 0 d0 /G Do\n"));
    CHECK(refused_by(written(dir, "nested.pdf",
                             one_page_pdf(cover_box + " /Resources << /Font << /T 8 0 R >> >>",
                                          "BT /T 9 Tf (a) Tj ET\n", nested))) == "operators");
    // One glyph drawing 10^4 fills, shown ten times: read.
    CHECK(refused_by(
              written(dir, "few.pdf",
                      one_page_pdf(cover_box + fonts, "BT /T 9 Tf (aaaaaaaaaa) Tj ET\n", objects)))
              .empty());
}

TEST_CASE("the time limit stops a page that takes longer, and is an option", "[limits][cli]") {
    TempDir dir;
    // 300,000 small fills: about a second of processor time across the check's passes.
    std::string content;
    for (int i = 0; i < 300'000; ++i) {
        content += std::to_string(i % 900) + " " + std::to_string((i / 900) % 660) + " 3 3 re f\n";
    }
    const fs::path busy =
        written(dir, "busy.pdf",
                one_page_pdf(cover_box, zlib_of_repeats(content, 1), {}, "/Filter /FlateDecode"));
    const Run stopped = run_podcover({"check", busy.string(), "--time-limit", "0.1"});
    INFO(stopped.err);
    CHECK(stopped.exit_code == 3);
    CHECK_THAT(stopped.err, StartsWith("podcover: " + busy.string() + ": ") &&
                                Contains("took more than 0.1 s of processor time") &&
                                Contains("--time-limit"));
    CHECK(std::count(stopped.err.begin(), stopped.err.end(), '\n') == 1);
    for (const std::string bad : {"0", "abc", "1,5", "5000"}) {
        const Run usage = run_podcover({"check", busy.string(), "--time-limit", bad});
        INFO(bad << ": " << usage.err);
        CHECK(usage.exit_code == 2);
        CHECK_THAT(usage.err, Contains("--time-limit: '" + bad + "' is not a number of seconds"));
    }
    // The default grows with the files' size: 3 s, 10 s at KDP's 650 MB.
    CHECK(podcover::check::check_time_limit(0) == std::chrono::milliseconds(3000));
    CHECK(podcover::check::check_time_limit(650'000'000) == std::chrono::milliseconds(10'000));
}

TEST_CASE("odd pages: a refusal or a finding, never a made-up size or an internal error",
          "[limits][cli]") {
    TempDir dir;
    // /Rotate 45: checked upright, and said.
    const fs::path rotated =
        written(dir, "rotated.pdf",
                one_page_pdf(cover_box + " /Rotate 45", "0.5 g 0 0 930.6432 666 re f\n"));
    const Run run = run_podcover({"check", rotated.string(), "--json", "--printer", "kdp"});
    REQUIRE(run.exit_code == 1);
    const auto report = nlohmann::json::parse(run.out);
    bool named = false;
    for (const auto& finding : report.at("printers").at(0).at("findings")) {
        if (finding.at("code") == "page-rotation")
            named =
                finding.at("message").get<std::string>().find("/Rotate is 45") != std::string::npos;
    }
    CHECK(named);
    // A multiple of 90 is no finding.
    const fs::path turned = written(
        dir, "turned.pdf", one_page_pdf(cover_box + " /Rotate -270", "0.5 g 0 0 930 666 re f\n"));
    const Run plain = run_podcover({"check", turned.string(), "--json", "--printer", "kdp"});
    CHECK(plain.out.find("page-rotation") == std::string::npos);

    // An area wholly beyond a small page renders paper white (it used to be an internal error).
    const fs::path small = written(
        dir, "small.pdf", one_page_pdf("/MediaBox [0 0 400 400]", "0 g 0 0 400 400 re f\n"));
    const auto pdf = open(small);
    const auto beyond = pdf->render(100, Rect{6_in, 0_in, 2_in, 1_in});
    CHECK(beyond.raster.width == 200);
    CHECK(beyond.raster.height == 100);
    CHECK(std::all_of(beyond.raster.rgb.begin(), beyond.raster.rgb.end(),
                      [](unsigned char v) { return v == 0xFF; }));
    // Within the page, its black fill.
    const auto within = pdf->render(100, Rect{1_in, 1_in, 1_in, 1_in});
    CHECK(within.raster.rgb.at(0) == 0);
}

}  // namespace podcover::test
