// Hostile and damaged inputs (issue 11): each is refused with a typed error naming the file,
// line and key, never a crash, a hang or a wrapped number. The inputs themselves live in
// tests/fuzz/corpus/, where the fuzz replay runs them all as well.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

#include "podcover/data_file.hpp"
#include "podcover/errors.hpp"
#include "podcover/printer_file.hpp"
#include "podcover/render/job.hpp"
#include "run_podcover.hpp"
#include "support.hpp"

using namespace podcover;
using namespace podcover::test;
using Catch::Contains;
namespace fs = std::filesystem;

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
