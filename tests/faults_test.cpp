// Faults (issue 11, item 12): runs killed at random moments, outputs aimed at the run's own
// inputs, and a disk that fills up. Whatever happens, every output file is absent, the previous
// version, or the whole new one, and no input is ever written over.
#include <catch2/catch.hpp>

#include <cairo-pdf.h>
#include <cairo.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "podcover/render/handles.hpp"
#include "podcover/render/output_files.hpp"

#include "run_podcover.hpp"
#include "support.hpp"

using namespace podcover;
using namespace podcover::test;
using Catch::Contains;
namespace fs = std::filesystem;

namespace {

const std::string job_text =
    "trim = \"6x9in\"\npages = 300\npaper = \"white\"\nprinters = "
    "[\"kdp\"]\n[art]\nwrap = \"art.png\"\n";

// Art with something in every row, so that the render has work to do before it writes.
void write_art(const fs::path& path, int width_px, int height_px) {
    const render::CairoSurface surface(
        cairo_image_surface_create(CAIRO_FORMAT_RGB24, width_px, height_px));
    const render::Cairo cr(cairo_create(surface.get()));
    cairo_pattern_t* gradient = cairo_pattern_create_linear(0, 0, width_px, height_px);
    cairo_pattern_add_color_stop_rgb(gradient, 0, 0.8, 0.3, 0.1);
    cairo_pattern_add_color_stop_rgb(gradient, 1, 0.1, 0.2, 0.6);
    cairo_set_source(cr.get(), gradient);
    cairo_paint(cr.get());
    cairo_pattern_destroy(gradient);
    REQUIRE(cairo_surface_write_to_png(surface.get(), path.c_str()) == CAIRO_STATUS_SUCCESS);
}

// Every file of a folder, by name (none when the folder is missing).
std::map<std::string, std::string> files_in(const fs::path& folder) {
    std::map<std::string, std::string> files;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(folder, error))
        files[entry.path().filename().string()] = slurp(entry.path());
    return files;
}

// The random moments of the kills: seeded, so that a failure can be run again
// (PODCOVER_FAULT_SEED=<seed> gives other moments).
std::mt19937 seeded_random() {
    const char* given = std::getenv("PODCOVER_FAULT_SEED");
    const unsigned seed = given ? static_cast<unsigned>(std::strtoul(given, nullptr, 10)) : 1201;
    UNSCOPED_INFO("PODCOVER_FAULT_SEED=" << seed);
    return std::mt19937(seed);
}

struct Started {
    pid_t pid = -1;
};

// Starts podcover with the arguments, its standard output and error in files, and (when
// `file_size_limit` > 0) no file it writes able to grow past that many bytes: RLIMIT_FSIZE with
// SIGXFSZ ignored, so that a write beyond it fails with EFBIG as a full disk fails with ENOSPC.
Started start_podcover(const std::vector<std::string>& args, const fs::path& out_file,
                       const fs::path& err_file, rlim_t file_size_limit = 0) {
    std::vector<std::string> words{PODCOVER_BIN};
    words.insert(words.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& word : words)
        argv.push_back(word.data());
    argv.push_back(nullptr);
    const std::string out_path = out_file.string(), err_path = err_file.string();
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        // Only async-signal-safe calls between fork and exec.
        const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (out < 0 || err < 0 || ::dup2(out, 1) < 0 || ::dup2(err, 2) < 0)
            ::_exit(126);
        if (file_size_limit > 0) {
            ::signal(SIGXFSZ, SIG_IGN);  // an ignored signal stays ignored across exec
            const rlimit limit{file_size_limit, file_size_limit};
            if (::setrlimit(RLIMIT_FSIZE, &limit) != 0)
                ::_exit(126);
        }
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    return {pid};
}

// Waits for the process; whether it was killed.
bool killed(pid_t pid) {
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    return WIFSIGNALED(status);
}

Run finish(pid_t pid, const fs::path& out_file, const fs::path& err_file) {
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    Run run;
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    run.out = slurp(out_file);
    run.err = slurp(err_file);
    return run;
}

// Kills runs of `args` (writing into `out`) at random moments between its start and 1.2 times
// `full` (some finish first), until `wanted` were killed before they ended or `max_runs` were
// started: a run is often quicker than the one timed (the files are in the page cache then),
// so a fixed number of runs could kill too few. After each, checks that every file in `out` is
// either one of `previous` or one of `reference`, byte for byte, or a temporary; and that none
// of `previous` is missing. Returns how many runs were killed before they ended.
int kill_at_random(const std::vector<std::string>& args, const fs::path& out,
                   const std::map<std::string, std::string>& previous,
                   const std::map<std::string, std::string>& reference,
                   std::chrono::steady_clock::duration full, int wanted, int max_runs,
                   const fs::path& scratch) {
    std::mt19937 random = seeded_random();
    const auto full_us = std::chrono::duration_cast<std::chrono::microseconds>(full).count();
    std::uniform_int_distribution<long long> moment(0, full_us * 6 / 5);
    int killed_runs = 0;
    for (int i = 0; i < max_runs && killed_runs < wanted; ++i) {
        const auto delay = std::chrono::microseconds(moment(random));
        const Started run = start_podcover(args, scratch / "stdout", scratch / "stderr");
        std::this_thread::sleep_for(delay);
        ::kill(run.pid, SIGKILL);
        if (killed(run.pid))
            ++killed_runs;
        INFO("run " << i << ", killed after " << delay.count() << " us of " << full_us);
        const auto now = files_in(out);
        for (const auto& [name, bytes] : now) {
            INFO(name);
            if (render::OutputFiles::is_temporary(name))
                continue;
            const auto old = previous.find(name);
            const auto whole = reference.find(name);
            const bool is_previous = old != previous.end() && old->second == bytes;
            const bool is_new = whole != reference.end() && whole->second == bytes;
            CHECK((is_previous || is_new));
        }
        for (const auto& [name, bytes] : previous) {
            INFO(name);
            CHECK(now.count(name) == 1);  // replaced by a rename, never removed first
        }
    }
    return killed_runs;
}

}  // namespace

TEST_CASE("a render killed at random moments leaves each output previous or whole",
          "[faults][outputs][cli]") {
    TempDir dir;
    write_art(dir.path / "art.png", 1800, 1200);
    const fs::path job = dir.path / "book.toml", out = dir.path / "out";
    write(job, "title = \"The First Edition\"\n" + job_text);
    const std::vector<std::string> render = {"render", job.string(), "-o", out.string()};
    REQUIRE(run_podcover(render).exit_code == 0);
    const auto previous = files_in(out);
    REQUIRE(previous.size() == 4);  // the cover, its preview, the drift proof and its preview

    write(job, "title = \"The Second Edition\"\n" + job_text);
    const fs::path reference = dir.path / "reference";
    const auto started = std::chrono::steady_clock::now();
    REQUIRE(run_podcover({"render", job.string(), "-o", reference.string()}).exit_code == 0);
    const auto full = std::chrono::steady_clock::now() - started;
    const auto whole = files_in(reference);
    REQUIRE(whole.size() == 4);
    for (const auto& [name, bytes] : whole) {
        INFO(name);
        CHECK(previous.at(name) != bytes);  // so that a mix of versions would show
    }

    const int killed_runs = kill_at_random(render, out, previous, whole, full, 12, 36, dir.path);
    CHECK(killed_runs >= 6);  // most moments fall within the run

    // The next run removes what the killed ones left, and writes the new set whole.
    REQUIRE(run_podcover(render).exit_code == 0);
    CHECK(files_in(out) == whole);
}

TEST_CASE("check killed at random moments leaves its proof previous or whole",
          "[faults][outputs][cli]") {
    TempDir dir;
    write_art(dir.path / "art.png", 1200, 800);
    const fs::path job = dir.path / "book.toml";
    // The previous proof is of the first edition's cover.
    write(job, "title = \"First Proofed\"\n" + job_text);
    REQUIRE(run_podcover({"render", job.string(), "-o", (dir.path / "first").string()}).exit_code ==
            0);
    write(job, "title = \"Second Proofed\"\n" + job_text);
    REQUIRE(
        run_podcover({"render", job.string(), "-o", (dir.path / "covers").string()}).exit_code ==
        0);
    const fs::path cover = dir.path / "covers" / "book.kdp.pdf";
    const fs::path out = dir.path / "out";
    fs::create_directory(out);
    const fs::path proof = out / "proof.pdf";
    REQUIRE(run_podcover({"check", (dir.path / "first" / "book.kdp.pdf").string(), "--printer",
                          "kdp", "--proof", proof.string()})
                .exit_code == 0);
    const auto previous = files_in(out);
    REQUIRE(previous.size() == 1);

    const std::vector<std::string> check = {"check", cover.string(), "--printer",
                                            "kdp",   "--proof",      proof.string()};
    const fs::path reference = dir.path / "reference";
    fs::create_directory(reference);
    const auto started = std::chrono::steady_clock::now();
    REQUIRE(run_podcover({"check", cover.string(), "--printer", "kdp", "--proof",
                          (reference / "proof.pdf").string()})
                .exit_code == 0);
    const auto full = std::chrono::steady_clock::now() - started;
    const auto whole = files_in(reference);
    REQUIRE(whole.at("proof.pdf") != previous.at("proof.pdf"));

    const int killed_runs = kill_at_random(check, out, previous, whole, full, 10, 30, dir.path);
    CHECK(killed_runs >= 5);
    REQUIRE(run_podcover(check).exit_code == 0);
    CHECK(files_in(out) == whole);
}

TEST_CASE("no output replaces the job, its art, its interior or the cover checked",
          "[faults][outputs][cli]") {
    TempDir dir;
    const fs::path out = dir.path / "out";
    fs::create_directory(out);
    write_art(dir.path / "art.png", 600, 400);

    // The job itself, through a hard link where its cover would go.
    const fs::path job = dir.path / "book.toml";
    write(job, "title = \"T\"\n" + job_text);
    const std::string job_bytes = slurp(job);
    fs::create_hard_link(job, out / "book.kdp.pdf");
    Run run = run_podcover({"render", job.string(), "-o", out.string()});
    CHECK(run.exit_code == 4);
    CHECK(run.err == "podcover: " + (out / "book.kdp.pdf").string() + " would replace " +
                         job.string() +
                         " (the same file), one of the inputs; choose another output\n");
    CHECK(slurp(job) == job_bytes);
    CHECK(files_in(out).size() == 1);  // no preview or proof written either
    fs::remove(out / "book.kdp.pdf");

    // The art, named as the drift proof's preview.
    write_art(out / "book.proof.png", 600, 400);
    const std::string art_bytes = slurp(out / "book.proof.png");
    write(job,
          "title = \"T\"\ntrim = \"6x9in\"\npages = 300\npaper = \"white\"\nprinters = "
          "[\"kdp\"]\n[art]\nwrap = \"out/book.proof.png\"\n");
    run = run_podcover({"render", job.string(), "-o", out.string()});
    CHECK(run.exit_code == 4);
    CHECK_THAT(run.err, Contains((out / "book.proof.png").string() + " would replace "));
    CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
    CHECK(slurp(out / "book.proof.png") == art_bytes);
    CHECK(files_in(out).size() == 1);
    fs::remove(out / "book.proof.png");

    // The interior, named as the cover would be.
    {
        const render::CairoSurface interior(
            cairo_pdf_surface_create((out / "book.kdp.pdf").c_str(), 432, 648));
        const render::Cairo cr(cairo_create(interior.get()));
        for (int page = 0; page < 120; ++page)
            cairo_show_page(cr.get());
        cairo_surface_finish(interior.get());
        REQUIRE(cairo_surface_status(interior.get()) == CAIRO_STATUS_SUCCESS);
    }
    const std::string interior_bytes = slurp(out / "book.kdp.pdf");
    write(job,
          "title = \"T\"\npaper = \"white\"\nprinters = [\"kdp\"]\ninterior = "
          "\"out/book.kdp.pdf\"\n");
    run = run_podcover({"render", job.string(), "-o", out.string()});
    CHECK(run.exit_code == 4);
    CHECK_THAT(run.err, Contains((out / "book.kdp.pdf").string() + " would replace "));
    CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
    CHECK(slurp(out / "book.kdp.pdf") == interior_bytes);
    CHECK(files_in(out).size() == 1);

    // The cover under check, named directly; and the template it is compared with.
    const fs::path cover = out / "book.kdp.pdf";
    run = run_podcover({"check", cover.string(), "--proof", cover.string()});
    CHECK(run.exit_code == 4);
    CHECK(run.err == "podcover: --proof: " + cover.string() + " would replace " + cover.string() +
                         ", one of the inputs; choose another output\n");
    const fs::path template_pdf = dir.path / "template.pdf";
    write(template_pdf, "template bytes");
    run = run_podcover({"check", cover.string(), "--template", template_pdf.string(), "--proof",
                        template_pdf.string()});
    CHECK(run.exit_code == 4);
    CHECK_THAT(run.err, Contains(template_pdf.string() + " would replace"));
    CHECK(slurp(cover) == interior_bytes);
    CHECK(slurp(template_pdf) == "template bytes");
}

TEST_CASE(
    "a full disk ends a run with one line naming the file, exit 4, the previous outputs "
    "kept",
    "[faults][outputs][cli]") {
    TempDir dir;
    write_art(dir.path / "art.png", 1200, 800);
    const fs::path job = dir.path / "book.toml", out = dir.path / "out";
    write(job, "title = \"Before the Disk Filled\"\n" + job_text);
    REQUIRE(run_podcover({"render", job.string(), "-o", out.string()}).exit_code == 0);
    const auto previous = files_in(out);
    REQUIRE(previous.size() == 4);
    std::size_t largest = 0;
    for (const auto& [name, bytes] : previous)
        largest = std::max(largest, bytes.size());
    write(job, "title = \"After the Disk Filled\"\n" + job_text);

    // Room for some outputs and not others: writes fail part-way through the set.
    for (const rlim_t room : {rlim_t{4096}, static_cast<rlim_t>(largest / 2)}) {
        INFO("files limited to " << room << " bytes");
        const Started started = start_podcover({"render", job.string(), "-o", out.string()},
                                               dir.path / "stdout", dir.path / "stderr", room);
        const Run run = finish(started.pid, dir.path / "stdout", dir.path / "stderr");
        CHECK(run.exit_code == 4);
        CHECK_THAT(run.err, Catch::StartsWith("podcover: " + out.string() + "/book.") &&
                                Catch::EndsWith(": cannot write (File too large)\n"));
        CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
        CHECK(run.out.empty());
        CHECK(files_in(out) == previous);  // no temporary left either
    }

    // check --proof onto a full disk keeps the previous proof.
    const fs::path cover = out / "book.kdp.pdf", proof = dir.path / "proof.pdf";
    write(proof, "the previous proof");
    const Started started =
        start_podcover({"check", cover.string(), "--printer", "kdp", "--proof", proof.string()},
                       dir.path / "stdout", dir.path / "stderr", 4096);
    const Run run = finish(started.pid, dir.path / "stdout", dir.path / "stderr");
    CHECK(run.exit_code == 4);
    CHECK(run.err == "podcover: " + proof.string() + ": cannot write (File too large)\n");
    CHECK(slurp(proof) == "the previous proof");
    for (const auto& entry : fs::directory_iterator(dir.path))
        CHECK_FALSE(render::OutputFiles::is_temporary(entry.path().filename().string()));
}
