#include "podcover/render/text.hpp"

#include <fribidi.h>
#include <linebreak.h>

#include <algorithm>
#include <cmath>
#include <mutex>

#include "podcover/errors.hpp"

namespace podcover::render {
namespace {

struct Codepoint {
    char32_t value;
    std::size_t byte;  // offset of its first byte in the text
};

// UTF-8 to code points with their byte offsets; malformed bytes become U+FFFD.
std::vector<Codepoint> decode_utf8(std::string_view text) {
    std::vector<Codepoint> out;
    std::size_t i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<unsigned char>(text[i]);
        int length = lead < 0x80           ? 1
                     : (lead >> 5) == 0x6  ? 2
                     : (lead >> 4) == 0xE  ? 3
                     : (lead >> 3) == 0x1E ? 4
                                           : 0;
        char32_t value = length == 1   ? lead
                         : length == 2 ? (lead & 0x1F)
                         : length == 3 ? (lead & 0x0F)
                                       : (lead & 0x07);
        bool valid = length > 0 && i + static_cast<std::size_t>(length) <= text.size();
        for (int k = 1; valid && k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]);
            valid = (next & 0xC0) == 0x80;
            value = (value << 6) | (next & 0x3F);
        }
        if (!valid) {
            out.push_back({0xFFFD, i});
            ++i;
            continue;
        }
        out.push_back({value, i});
        i += static_cast<std::size_t>(length);
    }
    return out;
}

// A stretch of text with one bidi level and one script.
struct Run {
    std::size_t begin = 0;  // code point indexes
    std::size_t end = 0;
    int level = 0;
    hb_script_t script = HB_SCRIPT_COMMON;
};

std::vector<FriBidiLevel> bidi_levels(const std::vector<Codepoint>& cps) {
    const auto n = static_cast<FriBidiStrIndex>(cps.size());
    std::vector<FriBidiChar> chars(cps.size());
    for (std::size_t i = 0; i < cps.size(); ++i)
        chars[i] = cps[i].value;
    std::vector<FriBidiCharType> types(cps.size());
    std::vector<FriBidiBracketType> brackets(cps.size());
    std::vector<FriBidiLevel> levels(cps.size());
    fribidi_get_bidi_types(chars.data(), n, types.data());
    fribidi_get_bracket_types(chars.data(), n, types.data(), brackets.data());
    FriBidiParType base = FRIBIDI_PAR_ON;  // the direction of the first strong character
    if (fribidi_get_par_embedding_levels_ex(types.data(), brackets.data(), n, &base,
                                            levels.data()) == 0) {
        std::fill(levels.begin(), levels.end(), FriBidiLevel{0});
    }
    return levels;
}

// Runs of one level and one script; common and inherited characters join their neighbours.
std::vector<Run> split_runs(const std::vector<Codepoint>& cps,
                            const std::vector<FriBidiLevel>& levels) {
    std::vector<Run> runs;
    hb_unicode_funcs_t* unicode = hb_unicode_funcs_get_default();
    for (std::size_t i = 0; i < cps.size(); ++i) {
        hb_script_t script = hb_unicode_script(unicode, cps[i].value);
        const bool neutral = script == HB_SCRIPT_COMMON || script == HB_SCRIPT_INHERITED ||
                             script == HB_SCRIPT_UNKNOWN;
        const int level = levels[i];
        if (!runs.empty() && runs.back().level == level &&
            (neutral || runs.back().script == script || runs.back().script == HB_SCRIPT_COMMON)) {
            if (!neutral)
                runs.back().script = script;
            runs.back().end = i + 1;
            continue;
        }
        runs.push_back(Run{i, i + 1, level, neutral ? HB_SCRIPT_COMMON : script});
    }
    // Unicode's rule L2: from the highest level down to the lowest odd one, reverse every
    // sequence of runs at that level or above.
    int highest = 0, lowest_odd = 1000;
    for (const auto& run : runs) {
        highest = std::max(highest, run.level);
        if (run.level % 2 == 1)
            lowest_odd = std::min(lowest_odd, run.level);
    }
    for (int level = highest; level >= lowest_odd && level > 0; --level) {
        for (std::size_t i = 0; i < runs.size();) {
            if (runs[i].level < level) {
                ++i;
                continue;
            }
            std::size_t j = i;
            while (j < runs.size() && runs[j].level >= level)
                ++j;
            std::reverse(runs.begin() + static_cast<long>(i), runs.begin() + static_cast<long>(j));
            i = j;
        }
    }
    return runs;
}

// A glyph's outline box from its origin, in points: HarfBuzz's extents in font units (the
// font is scaled to units per em) times `scale`. Empty for a glyph that draws nothing.
InkBox glyph_ink(hb_font_t* font, hb_codepoint_t glyph, double scale) {
    hb_glyph_extents_t extents{};
    InkBox box;
    if (!hb_font_get_glyph_extents(font, glyph, &extents) ||
        (extents.width == 0 && extents.height == 0)) {
        return box;
    }
    // HarfBuzz: y up, height negative from the top (y_bearing) down.
    box.left_pt = std::min(extents.x_bearing, extents.x_bearing + extents.width) * scale;
    box.right_pt = std::max(extents.x_bearing, extents.x_bearing + extents.width) * scale;
    box.top_pt = std::max(extents.y_bearing, extents.y_bearing + extents.height) * scale;
    box.bottom_pt = -std::min(extents.y_bearing, extents.y_bearing + extents.height) * scale;
    box.empty = false;
    return box;
}

// The union of a line's glyphs' ink, each at its glyph's position.
InkBox line_ink(const TextLine& line) {
    InkBox ink;
    for (const auto& run : line.runs) {
        for (std::size_t i = 0; i < run.glyphs.size(); ++i)
            ink.add(run.ink[i], run.glyphs[i].x, run.glyphs[i].y);
    }
    return ink;
}

void set_font(cairo_t* cr, const TextStyle& style) {
    cairo_set_font_face(cr, style.font->cairo_face());
    cairo_set_font_size(cr, style.size_pt);
    cairo_font_options_t* options = cairo_font_options_create();
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    cairo_set_font_options(cr, options);
    cairo_font_options_destroy(options);
}

}  // namespace

Color Color::parse(std::string_view text) {
    auto hex = [&](char c) -> int {
        if (c >= '0' && c <= '9')
            return c - '0';
        if (c >= 'a' && c <= 'f')
            return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
            return c - 'A' + 10;
        return -1;
    };
    const bool long_form = text.size() == 7, short_form = text.size() == 4;
    if ((!long_form && !short_form) || text[0] != '#' ||
        std::any_of(text.begin() + 1, text.end(), [&](char c) { return hex(c) < 0; })) {
        throw ValueError("'" + std::string(text) +
                         "' is not a colour: write #rrggbb, for example #1d3557");
    }
    auto channel = [&](std::size_t i) {
        const int value =
            long_form ? hex(text[1 + 2 * i]) * 16 + hex(text[2 + 2 * i]) : hex(text[1 + i]) * 17;
        return value / 255.0;
    };
    return Color{channel(0), channel(1), channel(2)};
}

void set_color(cairo_t* cr, const Color& color) {
    cairo_set_source_rgb(cr, color.red, color.green, color.blue);
}

void InkBox::add(const InkBox& other, double dx, double dy) {
    if (other.empty)
        return;
    // y down: a glyph moved down by dy reaches dy less above the baseline and dy more below.
    const double left = other.left_pt + dx, right = other.right_pt + dx;
    const double top = other.top_pt - dy, bottom = other.bottom_pt + dy;
    if (empty) {
        *this = InkBox{left, right, top, bottom, false};
        return;
    }
    left_pt = std::min(left_pt, left);
    right_pt = std::max(right_pt, right);
    top_pt = std::max(top_pt, top);
    bottom_pt = std::max(bottom_pt, bottom);
}

TextLine shape_line(std::string_view utf8, const TextStyle& style) {
    TextLine line;
    line.text = std::string(utf8);
    const double scale = style.size_pt / style.font->units_per_em();
    line.ascent_pt = style.font->ascender_em() * style.size_pt;
    line.descent_pt = -style.font->descender_em() * style.size_pt;
    line.top_pt = std::max(line.ascent_pt, style.font->bbox_top_em() * style.size_pt);
    line.bottom_pt = std::max(line.descent_pt, -style.font->bbox_bottom_em() * style.size_pt);

    const auto cps = decode_utf8(utf8);
    if (cps.empty())
        return line;
    for (const auto& cp : cps) {
        if (cp.value != ' ' && cp.value != 0xA0 && !style.font->has_glyph(cp.value))
            ++line.missing_glyphs;
    }
    const auto levels = bidi_levels(cps);
    const auto runs = split_runs(cps, levels);
    const double tracking = style.tracking_em * style.size_pt;

    double pen_x = 0;
    for (const Run& run : runs) {
        const std::size_t byte_begin = cps[run.begin].byte;
        const std::size_t byte_end = run.end < cps.size() ? cps[run.end].byte : utf8.size();
        const HbBuffer buffer(hb_buffer_create());
        // The whole line as context, so that shaping at run edges sees its neighbours.
        hb_buffer_add_utf8(buffer.get(), utf8.data(), static_cast<int>(utf8.size()),
                           static_cast<unsigned>(byte_begin),
                           static_cast<int>(byte_end - byte_begin));
        hb_buffer_set_direction(buffer.get(), run.level % 2 ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
        if (run.script != HB_SCRIPT_COMMON)
            hb_buffer_set_script(buffer.get(), run.script);
        hb_buffer_guess_segment_properties(buffer.get());
        hb_shape(style.font->hb_font(), buffer.get(), nullptr, 0);

        unsigned count = 0;
        const hb_glyph_info_t* info = hb_buffer_get_glyph_infos(buffer.get(), &count);
        const hb_glyph_position_t* pos = hb_buffer_get_glyph_positions(buffer.get(), &count);
        GlyphRun glyphs;
        glyphs.utf8 = std::string(utf8.substr(byte_begin, byte_end - byte_begin));
        glyphs.backward = run.level % 2 == 1;
        for (unsigned i = 0; i < count; ++i) {
            cairo_glyph_t glyph;
            glyph.index = info[i].codepoint;
            glyph.x = pen_x + pos[i].x_offset * scale;
            glyph.y = -pos[i].y_offset * scale;
            glyphs.glyphs.push_back(glyph);
            glyphs.ink.push_back(glyph_ink(style.font->hb_font(), info[i].codepoint, scale));
            const char shown = utf8[info[i].cluster];
            glyphs.is_space.push_back(shown == ' ');
            pen_x += pos[i].x_advance * scale + tracking;
        }
        // Cairo's clusters: consecutive glyphs of one HarfBuzz cluster, each with the bytes
        // from its start to the next cluster's start in text order.
        std::vector<unsigned> starts;
        for (unsigned i = 0; i < count; ++i)
            starts.push_back(info[i].cluster);
        std::vector<unsigned> sorted = starts;
        std::sort(sorted.begin(), sorted.end());
        sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
        auto bytes_of = [&](unsigned start) {
            const auto next = std::upper_bound(sorted.begin(), sorted.end(), start);
            const std::size_t end = next == sorted.end() ? byte_end : *next;
            return static_cast<int>(end - start);
        };
        // Bytes before the first cluster (none in practice) belong to it.
        for (unsigned i = 0; i < count;) {
            unsigned j = i;
            while (j < count && info[j].cluster == info[i].cluster)
                ++j;
            int bytes = bytes_of(info[i].cluster);
            if (info[i].cluster == sorted.front())
                bytes += static_cast<int>(sorted.front() - byte_begin);
            glyphs.clusters.push_back(cairo_text_cluster_t{bytes, static_cast<int>(j - i)});
            i = j;
        }
        line.runs.push_back(std::move(glyphs));
    }
    line.width_pt = std::max(0.0, pen_x - tracking);
    line.ink = line_ink(line);
    return line;
}

TextLine shape_within(std::string_view utf8, TextStyle& style, double max_width_pt) {
    TextLine line = shape_line(utf8, style);
    // Ink scales with the size (glyphs are not hinted), so one step almost always suffices;
    // a second absorbs the rounding of HarfBuzz's extents to font units.
    for (int attempt = 0; attempt < 4 && line.ink.width_pt() > max_width_pt && max_width_pt > 0;
         ++attempt) {
        style.size_pt *= max_width_pt / line.ink.width_pt() * (attempt == 0 ? 1 : 0.999);
        line = shape_line(utf8, style);
    }
    return line;
}

void draw_line(cairo_t* cr, const TextLine& line, const TextStyle& style, double x,
               double baseline) {
    set_font(cr, style);
    set_color(cr, style.color);
    for (const GlyphRun& run : line.runs) {
        std::vector<cairo_glyph_t> glyphs = run.glyphs;
        for (auto& glyph : glyphs) {
            glyph.x += x;
            glyph.y += baseline;
        }
        cairo_show_text_glyphs(
            cr, run.utf8.data(), static_cast<int>(run.utf8.size()), glyphs.data(),
            static_cast<int>(glyphs.size()), run.clusters.data(),
            static_cast<int>(run.clusters.size()),
            run.backward ? CAIRO_TEXT_CLUSTER_FLAG_BACKWARD : cairo_text_cluster_flags_t{});
    }
    check_cairo(cairo_status(cr), "drawing text");
}

namespace {

// Stretches every space of the line by `stretch`, moving the glyphs after it.
TextLine stretched(const TextLine& line, double stretch) {
    if (stretch <= 0)
        return line;
    TextLine out = line;
    // All glyphs in visual order: runs are visual, and so are HarfBuzz's glyphs in a run.
    double shift = 0;
    for (auto& run : out.runs) {
        for (std::size_t i = 0; i < run.glyphs.size(); ++i) {
            run.glyphs[i].x += shift;
            if (run.is_space[i])
                shift += stretch;
        }
    }
    out.width_pt += shift;
    out.ink = line_ink(out);
    return out;
}

std::string trimmed(std::string_view text) {
    std::size_t begin = 0, end = text.size();
    while (begin < end && (text[begin] == ' ' || text[begin] == '\t'))
        ++begin;
    while (end > begin && (text[end - 1] == ' ' || text[end - 1] == '\t' || text[end - 1] == '\n'))
        --end;
    return std::string(text.substr(begin, end - begin));
}

}  // namespace

TextBlock lay_out_text(std::string_view utf8, const TextStyle& style, double width_pt,
                       double max_height_pt, Align align, double line_spacing) {
    static std::once_flag unibreak_ready;
    std::call_once(unibreak_ready, init_linebreak);

    TextBlock block;
    block.width_pt = width_pt;
    const double leading = style.size_pt * line_spacing;
    const double ascent = style.font->ascender_em() * style.size_pt;
    const double descent = -style.font->descender_em() * style.size_pt;

    // Paragraphs: split at blank lines.
    std::vector<std::string> paragraphs;
    {
        std::string current;
        std::size_t start = 0;
        while (start <= utf8.size()) {
            std::size_t end = utf8.find('\n', start);
            if (end == std::string_view::npos)
                end = utf8.size();
            const std::string line = trimmed(utf8.substr(start, end - start));
            if (line.empty()) {
                if (!current.empty())
                    paragraphs.push_back(current);
                current.clear();
            } else {
                current += current.empty() ? line : "\n" + line;
            }
            start = end + 1;
        }
        if (!current.empty())
            paragraphs.push_back(current);
    }

    double baseline = ascent;
    bool first_line = true, first_paragraph = true;
    for (const std::string& paragraph : paragraphs) {
        if (!first_paragraph)
            baseline += leading * 0.5;  // paragraph space
        first_paragraph = false;
        std::vector<char> breaks(paragraph.size());
        set_linebreaks_utf8(reinterpret_cast<const utf8_t*>(paragraph.data()), paragraph.size(), "",
                            breaks.data());

        // Segments end at break opportunities; each is measured once.
        struct Segment {
            std::size_t begin, end;
            bool forced;
        };
        std::vector<Segment> segments;
        std::size_t begin = 0;
        for (std::size_t i = 0; i < paragraph.size(); ++i) {
            if (breaks[i] == LINEBREAK_MUSTBREAK || breaks[i] == LINEBREAK_ALLOWBREAK) {
                segments.push_back(
                    {begin, i + 1, breaks[i] == LINEBREAK_MUSTBREAK && i + 1 < paragraph.size()});
                begin = i + 1;
            }
        }
        if (begin < paragraph.size())
            segments.push_back({begin, paragraph.size(), false});

        std::size_t line_begin = 0;
        std::size_t k = 0;
        while (k < segments.size()) {
            // Greedy: take segments while the trimmed line's ink fits.
            std::size_t take = k;
            TextLine fitted;
            bool forced = false;
            while (take < segments.size()) {
                const std::string candidate = trimmed(std::string_view(paragraph).substr(
                    line_begin, segments[take].end - line_begin));
                TextLine shaped = shape_line(candidate, style);
                const bool too_wide = shaped.ink.width_pt() > width_pt;
                if (too_wide && take > k)
                    break;
                if (too_wide)
                    block.overflow = true;  // one word wider than the block
                fitted = std::move(shaped);
                ++take;
                if (segments[take - 1].forced) {
                    forced = true;
                    break;
                }
            }
            const bool last = take >= segments.size() || forced;
            if (first_line && !fitted.ink.empty)
                baseline = std::max(baseline, fitted.ink.top_pt);
            first_line = false;
            const double below = std::max(descent, fitted.ink.empty ? 0 : fitted.ink.bottom_pt);
            if (baseline + below > max_height_pt + 1e-9) {
                block.overflow = true;
                break;
            }
            TextBlock::Line line;
            line.baseline = baseline;
            line.text = std::move(fitted);
            if (align == Align::justify && !last) {
                int spaces = 0;
                for (const auto& run : line.text.runs)
                    spaces += static_cast<int>(
                        std::count(run.is_space.begin(), run.is_space.end(), true));
                // The spaces lie between the first and last glyphs, so stretching them widens
                // the ink by exactly what they gain.
                if (spaces > 0 && line.text.ink.width_pt() < width_pt) {
                    line.stretch = (width_pt - line.text.ink.width_pt()) / spaces;
                    line.text = stretched(line.text, line.stretch);
                }
            }
            const InkBox& ink = line.text.ink;
            if (ink.empty) {
                line.x = 0;
            } else if (align == Align::center) {
                line.x = width_pt / 2 - ink.centre_pt();
            } else if (align == Align::right) {
                line.x = width_pt - ink.right_pt;
            } else {
                line.x = -ink.left_pt;
            }
            block.missing_glyphs += line.text.missing_glyphs;
            block.height_pt = baseline + below;
            block.lines.push_back(std::move(line));
            baseline += leading;
            line_begin = segments[take - 1].end;
            k = take;
        }
        if (block.overflow)
            break;
    }
    return block;
}

void draw_block(cairo_t* cr, const TextBlock& block, const TextStyle& style, double x, double top) {
    for (const auto& line : block.lines)
        draw_line(cr, line.text, style, x + line.x, top + line.baseline);
}

}  // namespace podcover::render
