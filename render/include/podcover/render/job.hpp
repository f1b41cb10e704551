// A job file (TOML, docs/job-file.md): one book, its design, and the printers to make
// covers for. Read once, validated once, then passed down as a value.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "podcover/layout.hpp"
#include "podcover/length.hpp"
#include "podcover/printer.hpp"
#include "podcover/render/color.hpp"
#include "podcover/render/text.hpp"

namespace podcover::render {

enum class SpineDirection {
    top_to_bottom,  // the US and UK custom: readable when the book lies face up
    bottom_to_top,  // the continental European custom
};

// How far spine text keeps from the folds. The printers state their clearance because the
// fold may move (KDP: a 1 in spine takes text up to 0.875 in [KDP-H], [CS]): their own
// clearance is enough; `safe` adds the fold variance on top, for designers who want the
// text out of the band where the fold may land.
enum class SpineMargin {
    printer,  // each printer's spine-text area: its clearance at each fold
    safe,     // that, plus the printer's fold variance at each fold
};

// The order of the book's pages, which sets where its covers lie on the sheet.
using podcover::ReadingDirection;  // geometry/layout.hpp

enum class BarcodePolicy {
    leave_clear,  // keep the area clear; the printer prints its own (KDP's default)
    print,        // podcover prints the ISBN barcode in the printer's area
};

struct Job {
    std::filesystem::path file;      // the job file
    std::filesystem::path base_dir;  // relative paths in the job are read from here
    std::string name;                // output file stem: <name>.<printer>.pdf

    // The book.
    std::string title;
    std::string subtitle;
    std::vector<std::string> authors;
    std::string publisher;
    std::optional<std::string> isbn;   // as written; checked when read (ISBN-13 or ISBN-10)
    std::optional<std::string> price;  // for the EAN-5 add-on; checked when read
    Binding binding = Binding::paperback;
    ReadingDirection direction = ReadingDirection::left_to_right;
    std::optional<Size> trim;
    std::optional<int> pages;
    std::optional<std::filesystem::path> interior;        // page count and trim read from it
    std::string paper;                                    // for every printer without its own
    std::map<std::string, std::string> paper_by_printer;  // printer id -> paper
    std::vector<std::string> printers;                    // empty: every printer podcover knows
    // Print colour (docs/color.md): for every printer without its own, and per printer id;
    // neither: the printer's first colour space (IngramSpark CMYK, KDP RGB).
    std::optional<ColorMode> color;
    std::map<std::string, ColorMode> color_by_printer;
    // The CMYK output profile: for every printer without its own, and per printer id;
    // neither: podcover's default (profiles/profiles.cmake).
    std::optional<std::filesystem::path> icc;
    std::map<std::string, std::filesystem::path> icc_by_printer;

    // The design.
    struct Fonts {
        std::string title = "serif-bold";
        std::string subtitle = "serif-italic";
        std::string author = "serif";
        std::string body = "serif";
        std::string spine = "serif-bold";
    } fonts;
    struct Colors {
        Color background = Color::parse("#1f3b4d");
        Color text = Color::parse("#f4efe6");
        std::optional<Color> spine;       // spine background; default: background
        std::optional<Color> spine_text;  // default: text
    } colors;
    struct Art {
        std::optional<std::filesystem::path> wrap;  // one image over the whole cover
        std::optional<std::filesystem::path> front;
        std::optional<std::filesystem::path> back;
        std::optional<std::filesystem::path> spine;
    } art;
    struct Front {
        double title_size_pt = 44;  // the largest; the title shrinks to fit
        double subtitle_size_pt = 18;
        double author_size_pt = 20;
    } front;
    struct Back {
        std::string copy;
        Align align = Align::justify;
        double size_pt = 11;
        std::string footer;
    } back;
    struct Spine {
        std::vector<std::string> lines;  // default: the title and the authors
        // Instead of lines: lines set from the spine's head, one em apart, and lines ending at
        // its tail, so that the spines of a series line up on a shelf (docs/series.md).
        std::vector<std::string> head;
        std::vector<std::string> tail;
        SpineDirection direction = SpineDirection::top_to_bottom;
        double max_size_pt = 18;
        std::optional<double> size_pt;  // one size, not fitted: no spine text where it does not fit
        SpineMargin margin = SpineMargin::printer;
        bool anchored() const { return !head.empty() || !tail.empty(); }
    } spine;
    struct Flaps {
        std::string front;
        std::string back;
    } flaps;
    std::map<std::string, BarcodePolicy> barcode;  // per printer id; see barcode_policy()

    std::string paper_for(const std::string& printer_id) const;
    std::optional<ColorMode> color_for(const std::string& printer_id) const;
    std::optional<std::filesystem::path> icc_for(const std::string& printer_id) const;
    // KDP prints its own barcode unless told the cover has one, so podcover leaves its area
    // clear by default; other printers get podcover's barcode unless the job says otherwise.
    BarcodePolicy barcode_policy(const std::string& printer_id) const;
    // "book.toml:23: art.front" for messages about a key found later (a missing image, an
    // unknown font); the line is known for keys the file has.
    std::string where(const std::string& key) const;

    std::map<std::string, int> key_lines;  // key path -> line in the job file
};

// Reads and checks a job file: every key known (a misspelt one is named with the nearest
// known key), every value of the right type and form, paths relative to the job's folder.
// Throws InputError "file:line: key: what is wrong; how to fix it".
Job read_job_file(const std::filesystem::path& path);
Job parse_job(std::string_view text, const std::filesystem::path& path);

}  // namespace podcover::render
