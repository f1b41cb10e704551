#include <sstream>

#include "podcover/data_file.hpp"
#include "podcover/errors.hpp"
#include "podcover/render/job_table.hpp"
#include "podcover/series/series.hpp"

namespace podcover::series {
namespace {

int line_of(const toml::node& node) {
    return static_cast<int>(node.source().begin.line);
}

// Moves a node into a table under `key`, replacing what was there; the node keeps its line.
void put(toml::table& table, std::string_view key, toml::node&& node) {
    std::move(node).visit([&](auto&& value) { table.insert_or_assign(key, std::move(value)); });
}

// The volume's keys over the defaults': tables key by key, anything else replaced. Keys that
// are alternatives replace each other: a volume's author replaces the defaults' authors, its
// [art] the defaults' whole [art] (wrap or front, back and spine), its spine.lines the
// defaults' spine.head and spine.tail and the other way round.
void merge(toml::table& defaults, toml::table& volume, const std::string& path) {
    const auto drop = [&](std::string_view key) { defaults.erase(key); };
    for (auto&& [key, node] : volume) {
        const std::string name(key.str());
        if (path.empty() && name == "author")
            drop("authors");
        if (path.empty() && name == "authors")
            drop("author");
        if (path == "spine" && name == "lines") {
            drop("head");
            drop("tail");
        }
        if (path == "spine" && (name == "head" || name == "tail"))
            drop("lines");
        toml::node* existing = defaults.get(name);
        if (existing && existing->is_table() && node.is_table() && name != "art" && path.empty()) {
            merge(*existing->as_table(), *node.as_table(), name);
            continue;
        }
        put(defaults, name, std::move(node));
    }
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    for (std::size_t at = text.find(from); at != std::string::npos;
         at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
    }
    return text;
}

// {number} and {title} in any string of the volume's table: one default suits every volume
// (name = "book-{number}", art = { wrap = "art/{number}.jpg" }, spine.head = ["{title}"]).
void fill_in(toml::node& node, int number, const std::string& title) {
    if (auto* text = node.as_string()) {
        text->get() =
            replaced(replaced(text->get(), "{number}", std::to_string(number)), "{title}", title);
    } else if (auto* table = node.as_table()) {
        for (auto&& [key, value] : *table)
            fill_in(value, number, title);
    } else if (auto* array = node.as_array()) {
        for (auto& value : *array)
            fill_in(value, number, title);
    }
}

void fill_in(toml::table& merged, int number) {
    std::string title;
    if (auto* node = merged.get("title"); node && node->is_string()) {
        fill_in(*node, number, "");
        title = node->as_string()->get();
    }
    fill_in(static_cast<toml::node&>(merged), number, title);
}

}  // namespace

Manifest parse_manifest(std::string_view text, const std::filesystem::path& path) {
    const std::string origin = path.string();
    Manifest manifest;
    manifest.file = path;
    std::size_t count = 0;
    {
        // Checked once as a whole: `series` is a string and `volume` an array of tables.
        const toml::table root = parse_toml(text, origin);
        TableReader top(origin, root, "");
        if (auto title = top.optional_string("series"))
            manifest.title = *title;
        const toml::node* volumes = root.get("volume");
        if (!volumes || !volumes->is_array_of_tables() || volumes->as_array()->empty()) {
            top.fail_at(volumes, "volume",
                        "a series needs its volumes: add a [[volume]] table for each, with the "
                        "keys it does not share (title, pages, isbn, art, ...)");
        }
        count = volumes->as_array()->size();
    }
    for (std::size_t i = 0; i < count; ++i) {
        // Parsed again for each volume, so that its nodes can be moved (a copy loses its
        // line, which every message names).
        toml::table root = parse_toml(text, origin);
        toml::table& volume = *root.get("volume")->as_array()->get(i)->as_table();
        Volume v;
        v.line = line_of(volume);
        const std::string where =
            "volume " + std::to_string(i + 1) + " (" + origin + ":" + std::to_string(v.line) + ")";
        v.number = static_cast<int>(i + 1);
        {
            TableReader reader(origin, volume, "volume");
            if (const toml::node* number = reader.take("number"))
                v.number = static_cast<int>(reader.integer("number", *number, 0, 100000));
        }
        volume.erase("number");
        toml::table own = std::move(volume);
        toml::table defaults = std::move(root);
        defaults.erase("volume");
        defaults.erase("series");
        merge(defaults, own, "");
        fill_in(defaults, v.number);
        if (!defaults.contains("name")) {
            // series.toml, volume 3: series-03.kdp.pdf, ...
            const std::string number = std::to_string(v.number);
            defaults.insert("name", path.stem().string() + "-" +
                                        std::string(number.size() < 2 ? 1 : 0, '0') + number);
        }
        try {
            v.job = render::parse_job_table(defaults, path);
        } catch (const InputError& error) {
            throw InputError(std::string(error.what()) + " (in " + where + ")");
        }
        std::ostringstream merged;
        merged << defaults;
        v.merged = merged.str();
        manifest.volumes.push_back(std::move(v));
    }
    return manifest;
}

Manifest read_manifest(const std::filesystem::path& path) {
    return parse_manifest(read_text_file(path.string(), "series manifest"), path);
}

const char* status_id(VolumeResult::Status status) {
    switch (status) {
        case VolumeResult::Status::rendered:
            return "rendered";
        case VolumeResult::Status::skipped:
            return "skipped";
        case VolumeResult::Status::failed:
            break;
    }
    return "failed";
}

}  // namespace podcover::series
