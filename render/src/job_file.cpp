#include "podcover/render/job.hpp"
#include "podcover/render/job_table.hpp"

#include <cmath>

#include "podcover/data_file.hpp"
#include "podcover/errors.hpp"
#include "podcover/names.hpp"
#include "podcover/render/barcode.hpp"

namespace podcover::render {

std::string Job::paper_for(const std::string& printer_id) const {
    const auto own = paper_by_printer.find(printer_id);
    return own != paper_by_printer.end() ? own->second : paper;
}

std::optional<ColorMode> Job::color_for(const std::string& printer_id) const {
    const auto own = color_by_printer.find(printer_id);
    return own != color_by_printer.end() ? own->second : color;
}

std::optional<std::filesystem::path> Job::icc_for(const std::string& printer_id) const {
    const auto own = icc_by_printer.find(printer_id);
    return own != icc_by_printer.end() ? std::optional(own->second) : icc;
}

BarcodePolicy Job::barcode_policy(const std::string& printer_id) const {
    const auto chosen = barcode.find(printer_id);
    if (chosen != barcode.end())
        return chosen->second;
    return printer_id == "kdp" ? BarcodePolicy::leave_clear : BarcodePolicy::print;
}

std::string Job::where(const std::string& key) const {
    const auto line = key_lines.find(key);
    return file.string() + (line != key_lines.end() ? ":" + std::to_string(line->second) : "") +
           ": " + key;
}

namespace {

class JobReader {
  public:
    JobReader(const std::string& origin, Job& job) : origin_(origin), job_(job) {}

    void read(const toml::table& root) {
        TableReader top(origin_, root, "");
        book(top);
        fonts(top);
        colors(top);
        art(top);
        front(top);
        back(top);
        spine(top);
        flaps(top);
        barcode(top);
        top.finish();
        if (job_.title.empty())
            top.fail_at(&root, "title", "the book needs a title: add title = \"...\"");
        if (!job_.interior && (!job_.trim || !job_.pages)) {
            top.fail_at(&root, "trim",
                        "give the trim and pages (trim = \"6x9in\", pages = 300), or "
                        "interior = \"book.pdf\" to read them from the interior PDF");
        }
        if (job_.paper.empty() && job_.paper_by_printer.empty()) {
            top.fail_at(&root, "paper",
                        "give the paper: paper = \"white\", or per printer: "
                        "paper = { kdp = \"cream\", ingramspark = \"cream\" }");
        }
    }

  private:
    const std::string& origin_;
    Job& job_;

    void remember(const TableReader& table, std::string_view key, const toml::node& node) {
        if (node.source().begin)
            job_.key_lines[table.key_path(key)] = static_cast<int>(node.source().begin.line);
    }
    const toml::node* take(TableReader& table, std::string_view key) {
        const toml::node* node = table.take(key);
        if (node)
            remember(table, key, *node);
        return node;
    }
    std::optional<std::string> text(TableReader& table, std::string_view key) {
        const toml::node* node = take(table, key);
        if (!node)
            return std::nullopt;
        return table.string(key, *node);
    }
    std::optional<std::filesystem::path> file(TableReader& table, std::string_view key,
                                              std::string_view what) {
        const auto name = text(table, key);
        if (!name)
            return std::nullopt;
        if (name->empty())
            table.fail(key, "empty file name");
        std::filesystem::path path = *name;
        if (path.is_relative())
            path = job_.base_dir / path;
        if (!std::filesystem::is_regular_file(path)) {
            table.fail(key, std::string(what) + " " + path.string() +
                                " not found (a relative path is read from the job file's folder)");
        }
        return path;
    }
    std::optional<double> points(TableReader& table, std::string_view key, double min, double max) {
        const toml::node* node = take(table, key);
        if (!node)
            return std::nullopt;
        double value = 0;
        if (node->is_integer()) {
            value = static_cast<double>(node->as_integer()->get());
        } else if (node->is_floating_point()) {
            value = node->as_floating_point()->get();
        } else {
            table.fail(key, "expected a size in points, for example 11");
        }
        const std::string range = format_number(min, 0) + " to " + format_number(max, 0);
        // TOML writes nan and inf as floats; they would reach the layout as sizes.
        if (!std::isfinite(value)) {
            table.fail(key, std::string(std::isnan(value) ? "nan" : "inf") +
                                " is not a size: give a number of points, " + range);
        }
        if (value < min || value > max) {
            const bool printable = std::abs(value) < 1e6;
            table.fail(key, "size " +
                                (printable ? format_number(value, 2) + " pt " : std::string()) +
                                "is out of range: give " + range);
        }
        return value;
    }
    std::optional<Color> color(TableReader& table, std::string_view key) {
        const auto value = text(table, key);
        if (!value)
            return std::nullopt;
        try {
            return Color::parse(*value);
        } catch (const ValueError& error) {
            table.fail(key, error.what());
        }
    }
    const toml::table* subtable(TableReader& top, std::string_view key) {
        const toml::node* node = take(top, key);
        if (!node)
            return nullptr;
        if (!node->is_table())
            top.fail(key, "expected a table: [" + std::string(key) + "]");
        return node->as_table();
    }

    void book(TableReader& top) {
        if (auto value = text(top, "name")) {
            if (value->empty() || value->find('/') != std::string::npos || (*value)[0] == '.') {
                top.fail("name",
                         "'" + *value + "' is not a file name stem: use letters, digits and -");
            }
            job_.name = *value;
        }
        if (auto value = text(top, "title"))
            job_.title = *value;
        if (auto value = text(top, "subtitle"))
            job_.subtitle = *value;
        if (auto value = text(top, "author"))
            job_.authors.push_back(*value);
        if (const toml::node* node = take(top, "authors")) {
            if (!job_.authors.empty())
                top.fail("authors", "give author or authors, not both");
            job_.authors = top.strings("authors", *node);
        }
        if (auto value = text(top, "publisher"))
            job_.publisher = *value;
        if (auto value = text(top, "isbn")) {
            try {
                Isbn::parse(*value);  // checked now, kept as written (its hyphenation is shown)
                job_.isbn = *value;
            } catch (const ValueError& error) {
                top.fail("isbn", error.what());
            }
        }
        if (auto value = text(top, "price")) {
            try {
                price_addon(*value);
            } catch (const ValueError& error) {
                top.fail("price", error.what());
            }
            job_.price = *value;
        }
        if (const toml::node* node = take(top, "trim"))
            job_.trim = top.size("trim", *node);
        if (const toml::node* node = take(top, "pages"))
            job_.pages = static_cast<int>(top.integer("pages", *node, 1, 100000));
        job_.interior = file(top, "interior", "interior PDF");
        if (auto value = text(top, "direction")) {
            if (*value == "ltr") {
                job_.direction = ReadingDirection::left_to_right;
            } else if (*value == "rtl") {
                job_.direction = ReadingDirection::right_to_left;
            } else {
                top.fail("direction", "unknown direction '" + *value +
                                          "': use ltr (left to right) or rtl (right to left)");
            }
        }
        if (auto value = text(top, "binding")) {
            const auto binding = parse_binding(*value);
            if (!binding)
                top.fail("binding",
                         "unknown binding '" + *value +
                             "': use paperback, case-laminate (or hardcover) or dust-jacket");
            job_.binding = *binding;
        }
        if (const toml::node* node = take(top, "paper")) {
            if (node->is_string()) {
                job_.paper = node->as_string()->get();
            } else if (node->is_table()) {
                for (auto&& [printer, paper] : *node->as_table()) {
                    if (!paper.is_string())
                        top.fail("paper",
                                 "expected printer = \"paper\", for example kdp = \"cream\"");
                    job_.paper_by_printer[std::string(printer.str())] = paper.as_string()->get();
                }
            } else {
                top.fail("paper",
                         "expected \"white\", or a table: paper = { kdp = \"cream\", ingramspark = "
                         "\"cream\" }");
            }
        }
        if (const toml::node* node = take(top, "printers"))
            job_.printers = top.strings("printers", *node);
        print_color(top);
    }

    // color = "cmyk" or { ingramspark = "cmyk", kdp = "rgb" }; icc = "file.icc" or per printer.
    void print_color(TableReader& top) {
        const auto mode = [&](std::string_view key, const std::string& value) {
            const auto parsed = parse_color_mode(value);
            if (!parsed) {
                top.fail(key, "unknown colour '" + value +
                                  "': use rgb (as drawn) or cmyk (PDF/X-1a in the printer's CMYK)");
            }
            return *parsed;
        };
        if (const toml::node* node = take(top, "color")) {
            if (node->is_string()) {
                job_.color = mode("color", node->as_string()->get());
            } else if (node->is_table()) {
                for (auto&& [printer, value] : *node->as_table()) {
                    if (!value.is_string())
                        top.fail("color", "expected printer = \"rgb\" or \"cmyk\"");
                    job_.color_by_printer[std::string(printer.str())] =
                        mode("color", value.as_string()->get());
                }
            } else {
                top.fail("color",
                         "expected \"cmyk\", or a table: color = { ingramspark = \"cmyk\", "
                         "kdp = \"rgb\" }");
            }
        }
        const auto profile = [&](const std::string& name) {
            if (name.empty())
                top.fail("icc", "empty file name");
            std::filesystem::path path = name;
            if (path.is_relative())
                path = job_.base_dir / path;
            if (!std::filesystem::is_regular_file(path)) {
                top.fail("icc", "ICC profile " + path.string() +
                                    " not found (a relative path is read from the job file's "
                                    "folder)");
            }
            return path;
        };
        if (const toml::node* node = take(top, "icc")) {
            if (node->is_string()) {
                job_.icc = profile(node->as_string()->get());
            } else if (node->is_table()) {
                for (auto&& [printer, value] : *node->as_table()) {
                    if (!value.is_string())
                        top.fail("icc", "expected printer = \"profile.icc\"");
                    job_.icc_by_printer[std::string(printer.str())] =
                        profile(value.as_string()->get());
                }
            } else {
                top.fail("icc",
                         "expected \"profile.icc\", or a table: icc = { ingramspark = "
                         "\"profile.icc\" }");
            }
        }
    }

    void fonts(TableReader& top) {
        const toml::table* table = subtable(top, "fonts");
        if (!table)
            return;
        TableReader fonts(origin_, *table, "fonts");
        auto& f = job_.fonts;
        for (auto [key, target] : {std::pair{"title", &f.title},
                                   {"subtitle", &f.subtitle},
                                   {"author", &f.author},
                                   {"body", &f.body},
                                   {"spine", &f.spine}}) {
            if (auto value = text(fonts, key))
                *target = *value;
        }
        fonts.finish();
    }

    void colors(TableReader& top) {
        const toml::table* table = subtable(top, "colors");
        if (!table)
            return;
        TableReader colors(origin_, *table, "colors");
        if (auto value = color(colors, "background"))
            job_.colors.background = *value;
        if (auto value = color(colors, "text"))
            job_.colors.text = *value;
        job_.colors.spine = color(colors, "spine");
        job_.colors.spine_text = color(colors, "spine_text");
        colors.finish();
    }

    void art(TableReader& top) {
        const toml::table* table = subtable(top, "art");
        if (!table)
            return;
        TableReader art(origin_, *table, "art");
        job_.art.wrap = file(art, "wrap", "image");
        job_.art.front = file(art, "front", "image");
        job_.art.back = file(art, "back", "image");
        job_.art.spine = file(art, "spine", "image");
        art.finish();
        if (job_.art.wrap && (job_.art.front || job_.art.back || job_.art.spine)) {
            art.fail("wrap", "give one wrap image or front, back and spine images, not both");
        }
    }

    void front(TableReader& top) {
        const toml::table* table = subtable(top, "front");
        if (!table)
            return;
        TableReader front(origin_, *table, "front");
        if (auto v = points(front, "title_size", 6, 200))
            job_.front.title_size_pt = *v;
        if (auto v = points(front, "subtitle_size", 4, 100))
            job_.front.subtitle_size_pt = *v;
        if (auto v = points(front, "author_size", 4, 100))
            job_.front.author_size_pt = *v;
        front.finish();
    }

    void back(TableReader& top) {
        const toml::table* table = subtable(top, "back");
        if (!table)
            return;
        TableReader back(origin_, *table, "back");
        if (auto value = text(back, "copy"))
            job_.back.copy = *value;
        if (auto value = text(back, "align")) {
            if (*value == "justify") {
                job_.back.align = Align::justify;
            } else if (*value == "left") {
                job_.back.align = Align::left;
            } else if (*value == "center") {
                job_.back.align = Align::center;
            } else if (*value == "right") {
                job_.back.align = Align::right;
            } else {
                back.fail("align",
                          "unknown alignment '" + *value + "': use justify, left, center or right");
            }
        }
        if (auto v = points(back, "size", 5, 30))
            job_.back.size_pt = *v;
        if (auto value = text(back, "footer"))
            job_.back.footer = *value;
        back.finish();
    }

    void spine(TableReader& top) {
        const toml::table* table = subtable(top, "spine");
        if (!table)
            return;
        TableReader spine(origin_, *table, "spine");
        if (const toml::node* node = take(spine, "lines"))
            job_.spine.lines = spine.strings("lines", *node);
        if (const toml::node* node = take(spine, "head"))
            job_.spine.head = spine.strings("head", *node);
        if (const toml::node* node = take(spine, "tail"))
            job_.spine.tail = spine.strings("tail", *node);
        if (!job_.spine.lines.empty() && job_.spine.anchored()) {
            spine.fail(job_.spine.head.empty() ? "tail" : "head",
                       "give lines (spread from head to foot) or head and tail (anchored at "
                       "the head and the tail), not both");
        }
        if (auto value = text(spine, "direction")) {
            if (*value == "top-to-bottom") {
                job_.spine.direction = SpineDirection::top_to_bottom;
            } else if (*value == "bottom-to-top") {
                job_.spine.direction = SpineDirection::bottom_to_top;
            } else {
                spine.fail("direction", "unknown direction '" + *value +
                                            "': use top-to-bottom or bottom-to-top");
            }
        }
        if (auto v = points(spine, "max_size", 4, 72))
            job_.spine.max_size_pt = *v;
        job_.spine.size_pt = points(spine, "size", 4, 72);
        if (job_.spine.size_pt && job_.key_lines.count("spine.max_size")) {
            spine.fail("size",
                       "give size (one size, not fitted) or max_size (the largest that fits), "
                       "not both");
        }
        if (auto value = text(spine, "margin")) {
            if (*value == "printer") {
                job_.spine.margin = SpineMargin::printer;
            } else if (*value == "safe") {
                job_.spine.margin = SpineMargin::safe;
            } else {
                spine.fail("margin", "unknown margin '" + *value +
                                         "': use printer (each printer's clearance from the "
                                         "folds) or safe (that plus the fold variance)");
            }
        }
        spine.finish();
    }

    void flaps(TableReader& top) {
        const toml::table* table = subtable(top, "flaps");
        if (!table)
            return;
        TableReader flaps(origin_, *table, "flaps");
        if (auto value = text(flaps, "front"))
            job_.flaps.front = *value;
        if (auto value = text(flaps, "back"))
            job_.flaps.back = *value;
        flaps.finish();
    }

    void barcode(TableReader& top) {
        const toml::table* table = subtable(top, "barcode");
        if (!table)
            return;
        TableReader barcode(origin_, *table, "barcode");
        for (auto&& [key, node] : *table) {
            const std::string printer(key.str());
            take(barcode, printer);
            const std::string value = barcode.string(printer, node);
            if (value == "print") {
                job_.barcode[printer] = BarcodePolicy::print;
            } else if (value == "leave-clear") {
                job_.barcode[printer] = BarcodePolicy::leave_clear;
            } else {
                barcode.fail(
                    printer,
                    "unknown barcode policy '" + value +
                        "': use print (podcover prints it) or leave-clear (the printer does)");
            }
        }
    }
};

}  // namespace

Job parse_job_table(const toml::table& root, const std::filesystem::path& path) {
    Job job;
    job.file = path;
    job.base_dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
    job.name = path.stem().string();
    const std::string origin = path.string();
    JobReader(origin, job).read(root);
    if (job.spine.lines.empty() && !job.spine.anchored()) {
        job.spine.lines.push_back(job.title);
        std::string authors;
        for (const auto& author : job.authors)
            authors += (authors.empty() ? "" : ", ") + author;
        if (!authors.empty())
            job.spine.lines.push_back(authors);
    }
    return job;
}

Job parse_job(std::string_view text, const std::filesystem::path& path) {
    return parse_job_table(parse_toml(text, path.string()), path);
}

Job read_job_file(const std::filesystem::path& path) {
    return parse_job(read_text_file(path.string(), "job file"), path);
}

}  // namespace podcover::render
