#include "arguments.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string_view>

#include "podcover/errors.hpp"
#include "podcover/names.hpp"
#include "podcover/utf8.hpp"

namespace podcover::cli {
namespace {

// What a value stands for and the words that give one, for the messages asking for it: one
// row per value option and positional of every command.
struct ValueHint {
    std::string_view name;  // the option's long name, or the positional's name
    std::string_view what;
    std::string_view example;
    bool may_hold_spaces;  // a path, a size ("6 x 9 in"), a price: unquoted, the shell cuts it
    bool is_path = false;  // any bytes the system allows, not only UTF-8
};

constexpr ValueHint value_hints[] = {
    {"--trim", "the trim size with its unit", "--trim 6x9in", true},
    {"--pages", "the interior's page count", "--pages 300", false},
    {"--paper", "the paper", "--paper white", false},
    {"--binding", "the binding", "--binding paperback", false},
    {"--printer", "a printer", "--printer kdp", false},
    {"--printer-file", "a printer file", "--printer-file printer.toml", true, true},
    {"--units", "a unit", "--units mm", false},
    {"--output", "the folder to write into", "-o out", true, true},
    {"--name", "a file name stem", "--name cover", true},
    {"--isbn", "the book's ISBN", "--isbn 978-0-306-40615-7", true},
    {"--price", "the price", "--price \"USD 16.99\"", true},
    {"--interior", "the interior PDF", "--interior interior.pdf", true, true},
    {"--template", "the printer's template PDF", "--template template.pdf", true, true},
    {"--proof", "the proof PDF to write", "--proof proof.pdf", true, true},
    {"--on-template", "a printer and its template", "--on-template ingramspark=template.pdf", true,
     true},
    {"job", "the job file", "book.toml", true, true},
    {"cover", "the cover PDF", "cover.pdf", true, true},
};

const ValueHint* hint_for(const CLI::Option& option) {
    const std::string name = option.get_name();
    for (const auto& hint : value_hints) {
        if (hint.name == name)
            return &hint;
    }
    return nullptr;
}

std::string help_of(const CLI::App* command) {
    return "podcover " + (command ? command->get_name() + " " : std::string()) + "--help";
}

// "give the trim size with its unit, for example --trim 6x9in".
std::string give(const CLI::Option& option, const CLI::App* command) {
    if (const ValueHint* hint = hint_for(option)) {
        return "give " + std::string(hint->what) + ", for example " + std::string(hint->example);
    }
    return "give it a value (see " + help_of(command) + ")";
}

// "--trim", "-o", "--trm=6x9in"; not a negative number ("-3", "-.5") nor "-" alone.
bool is_option_word(std::string_view word) {
    return word.size() > 1 && word[0] == '-' &&
           !std::isdigit(static_cast<unsigned char>(word[1])) && word[1] != '.';
}

// The em dash, en dash or minus sign that word processors and chat apps put for "--".
std::size_t typographic_dash_length(std::string_view word) {
    for (std::string_view dash : {"\xE2\x80\x94", "\xE2\x80\x93", "\xE2\x88\x92"}) {
        if (word.substr(0, dash.size()) == dash)
            return dash.size();
    }
    return 0;
}

// A flag (--json) takes none.
bool takes_value(const CLI::Option& option) {
    return option.nonpositional() && option.get_items_expected_max() > 0;
}

std::string option_name_of(std::string_view word) {
    return std::string(word.substr(0, word.find('=')));
}

std::string lower(std::string_view text) {
    std::string result;
    for (char c : text)
        result += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return result;
}

// An option of `scope` that takes a value, named by `word` without "=value".
const CLI::Option* value_option(const CLI::App& scope, std::string_view word) {
    if (!is_option_word(word) || word.find('=') != std::string_view::npos)
        return nullptr;
    const CLI::Option* option = scope.get_option_no_throw(std::string(word));
    return option && takes_value(*option) ? option : nullptr;
}

// Long names without their dashes ("trim", "pages"), help left out unless `with_help`.
std::vector<std::string> long_names(const CLI::App& scope, bool with_help) {
    std::vector<std::string> names;
    for (const CLI::Option* option : scope.get_options()) {
        if (!option->nonpositional())
            continue;
        for (const auto& name : option->get_lnames()) {
            if (with_help || name != "help")
                names.push_back(name);
        }
    }
    return names;
}

// The option a mistyped word most likely meant: the one long name it begins ("--pag", "-t",
// "-v" for --version), else the nearest by spelling, for words of three letters or more.
std::optional<std::string> nearest_option(std::string_view word, const CLI::App& scope) {
    std::string bare = option_name_of(word);
    bare.erase(0, bare.find_first_not_of('-'));
    bare = lower(bare);
    if (bare.empty())
        return std::nullopt;
    const std::vector<std::string> names = long_names(scope, true);
    std::optional<std::string> shortest;
    bool tie = false;
    for (const auto& name : names) {
        if (name.compare(0, bare.size(), bare) != 0)
            continue;
        if (!shortest || name.size() < shortest->size()) {
            shortest = name;
            tie = false;
        } else if (name.size() == shortest->size()) {
            tie = true;
        }
    }
    if (shortest && !tie)
        return "--" + *shortest;
    if (bare.size() < 3)
        return std::nullopt;
    if (const auto nearest = nearest_name(bare, names))
        return "--" + *nearest;
    return std::nullopt;
}

std::string dashed(const std::vector<std::string>& names) {
    std::vector<std::string> with_dashes;
    for (const auto& name : names)
        with_dashes.push_back("--" + name);
    return join_names(with_dashes);
}

UsageError unknown_option(std::string_view word, const CLI::App& app, const CLI::App* command) {
    const CLI::App& scope = command ? *command : app;
    const std::string name = option_name_of(word);
    std::string message = "unknown option " + name;
    if (const auto nearest = nearest_option(word, scope))
        return UsageError(message + "; did you mean " + *nearest + "?");
    std::vector<std::string> owners;
    for (const CLI::App* other : app.get_subcommands([](const CLI::App*) { return true; })) {
        if (other != command && other->get_option_no_throw(name))
            owners.push_back(other->get_name());
    }
    if (!owners.empty()) {
        return UsageError(message + (command ? " for " + command->get_name() : std::string()) +
                          "; it is an option of " + join_names(owners, "and") + " (see " +
                          help_of(command) + ")");
    }
    if (!command) {
        return UsageError(message +
                          "; podcover's own options are --help and --version, and each "
                          "command has its own (see podcover --help)");
    }
    return UsageError(message + "; " + command->get_name() + " takes " +
                      dashed(long_names(scope, false)));
}

UsageError typographic_dash(std::string_view word, std::size_t dash_length) {
    std::string rest(word.substr(dash_length));
    rest.erase(0, rest.find_first_not_of('-'));
    return UsageError("'" + std::string(word) +
                      "' starts with a typographic dash, as word processors write it; type two "
                      "hyphens: --" +
                      option_name_of(rest));
}

// An option whose value is missing: CLI11 takes the next word whatever it is ("--trim --pages
// 300" gives --trim the value "--pages"), or runs out of words.
void check_values(const CLI::App& scope, const CLI::App* command,
                  const std::vector<std::string>& args) {
    for (const CLI::Option* option : scope.get_options()) {
        if (!takes_value(*option))
            continue;
        for (const auto& value : option->results()) {
            if (value.rfind("--", 0) == 0 ||
                (is_option_word(value) && scope.get_option_no_throw(value))) {
                throw UsageError(option->get_name() + " has no value (" + value + " follows it); " +
                                 give(*option, command));
            }
        }
    }
    if (args.empty())
        return;
    if (const CLI::Option* option = value_option(scope, args.back())) {
        const bool is_a_value = args.size() >= 2 && value_option(scope, args[args.size() - 2]);
        if (!is_a_value)
            throw UsageError(args.back() + " has no value; " + give(*option, command));
    }
}

void check_unknown_options(const CLI::App& app, const CLI::App* command) {
    for (const auto& word : app.remaining()) {
        if (const std::size_t dash = typographic_dash_length(word))
            throw typographic_dash(word, dash);
        if (!is_option_word(word))
            continue;
        const std::string name = option_name_of(word);
        if (command && command->get_option_no_throw(name)) {
            throw UsageError(name + " comes before the command; put it after " +
                             command->get_name() + ": podcover " + command->get_name() + " ... " +
                             word);
        }
        throw unknown_option(word, app, command);
    }
    if (!command)
        return;
    for (const auto& word : command->remaining()) {
        if (const std::size_t dash = typographic_dash_length(word))
            throw typographic_dash(word, dash);
        if (is_option_word(word))
            throw unknown_option(word, app, command);
    }
}

void check_unexpected_arguments(const CLI::App* command, const std::vector<std::string>& args) {
    if (!command || command->remaining().empty())
        return;
    const std::string word = command->remaining().front();
    const std::string name = command->get_name();
    const auto start = std::find(args.begin(), args.end(), name);
    const auto found = std::find(start == args.end() ? args.begin() : start + 1, args.end(), word);
    const std::size_t i = static_cast<std::size_t>(found - args.begin());
    // "--trim 6 x 9in": the value was cut at its spaces.
    const CLI::Option* before = found != args.end() && i >= 2 && !is_option_word(args[i - 1])
                                    ? value_option(*command, args[i - 2])
                                    : nullptr;
    if (before && hint_for(*before) && hint_for(*before)->may_hold_spaces) {
        std::string value = args[i - 1];
        for (std::size_t j = i; j < args.size() && !is_option_word(args[j]); ++j)
            value += " " + args[j];
        throw UsageError("unexpected argument '" + word + "' after " + args[i - 2] + " " +
                         args[i - 1] + "; a value with spaces needs quotes: " + args[i - 2] +
                         " \"" + value + "\"");
    }
    std::vector<std::string> positionals;
    for (const CLI::Option* option : command->get_options()) {
        if (option->nonpositional())
            continue;
        const ValueHint* hint = hint_for(*option);
        positionals.push_back(hint ? std::string(hint->what) : option->get_name());
    }
    throw UsageError("unexpected argument '" + word + "'; " + name + " takes " +
                     (positionals.empty() ? std::string("only options")
                                          : "one argument, " + join_names(positionals)) +
                     " (see " + help_of(command) + ")");
}

std::string times(std::size_t count) {
    return count == 2 ? "twice" : std::to_string(count) + " times";
}

void check_repeated(const CLI::App& scope) {
    for (const CLI::Option* option : scope.get_options()) {
        if (option->count() < 2 || option->get_expected_max() > 1 ||
            option->get_multi_option_policy() != CLI::MultiOptionPolicy::Throw) {
            continue;
        }
        std::string message = option->get_name() + " is given " + times(option->count());
        if (takes_value(*option))
            message += " (" + join_names(option->results(), "and") + ")";
        throw UsageError(message + "; give it once");
    }
}

void check_missing(const CLI::App& app, const CLI::App* command) {
    if (!command) {
        std::vector<std::string> names;
        for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
            names.push_back(sub->get_name());
        throw UsageError("no command given; the commands are " + join_names(names) +
                         " (see podcover --help)");
    }
    std::vector<const CLI::Option*> missing;
    for (const CLI::Option* option : command->get_options()) {
        if (option->get_required() && option->count() == 0)
            missing.push_back(option);
    }
    if (missing.empty())
        return;
    const std::string name = command->get_name();
    if (missing.size() == 1 && missing.front()->nonpositional()) {
        throw UsageError(missing.front()->get_name() + " is missing; " +
                         give(*missing.front(), command));
    }
    std::vector<std::string> names;
    std::string example = "podcover " + name;
    for (const CLI::Option* option : missing) {
        const ValueHint* hint = hint_for(*option);
        names.push_back(option->nonpositional() || !hint ? option->get_name()
                                                         : std::string(hint->what));
        if (hint)
            example += " " + std::string(hint->example);
    }
    throw UsageError(name + ": " + join_names(names) + (missing.size() == 1 ? " is" : " are") +
                     " missing; for example " + example);
}

// Throws UsageError for the first mistake in the words CLI11 parsed or left over.
void check_arguments(const CLI::App& app, const std::vector<std::string>& args) {
    const auto selected = app.get_subcommands();
    const CLI::App* command = selected.empty() ? nullptr : selected.front();
    const CLI::App& scope = command ? *command : app;
    check_values(scope, command, args);
    check_unknown_options(app, command);
    check_unexpected_arguments(command, args);
    check_repeated(scope);
    check_missing(app, command);
}

void check_command_name(const CLI::App& app, const std::vector<std::string>& args) {
    if (args.empty() || is_option_word(args.front()))
        return;
    std::vector<std::string> names;
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
        names.push_back(sub->get_name());
    const std::string& word = args.front();
    if (std::find(names.begin(), names.end(), word) != names.end())
        return;
    if (const std::size_t dash = typographic_dash_length(word))
        throw typographic_dash(word, dash);
    std::string message = "unknown command '" + word + "'; the commands are " + join_names(names);
    if (auto nearest = nearest_name(word, names))
        throw UsageError(message + "; did you mean " + *nearest + "?");
    throw UsageError(message + " (see podcover --help)");
}

// CLI11's own message for what check_arguments did not name, in podcover's form.
std::string reworded(const CLI::App& app, const CLI::ParseError& error,
                     const std::vector<std::string>& args) {
    const auto selected = app.get_subcommands();
    const CLI::App* command = selected.empty() ? nullptr : selected.front();
    const CLI::App& scope = command ? *command : app;
    if (dynamic_cast<const CLI::ConversionError*>(&error)) {
        // A flag with a value CLI11 cannot read as true or false: "--json=maybe".
        for (const auto& word : args) {
            const std::size_t equals = word.find('=');
            if (!is_option_word(word) || equals == std::string::npos)
                continue;
            const CLI::Option* option = scope.get_option_no_throw(word.substr(0, equals));
            if (option && option->nonpositional() && !takes_value(*option)) {
                return word.substr(0, equals) + " takes no value ('" + word.substr(equals + 1) +
                       "'); write " + word.substr(0, equals) + " alone";
            }
        }
    }
    std::string text = error.what();
    if (!text.empty())
        text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
    return text + "; see " + help_of(command);
}

// Option values are UTF-8 text (they reach JSON, PDF metadata and messages); paths may hold
// any bytes the system allows. The first value that is not UTF-8 is named, its bytes escaped.
void check_utf8(const CLI::App& app) {
    const auto selected = app.get_subcommands();
    const CLI::App* command = selected.empty() ? nullptr : selected.front();
    for (const CLI::App* scope : {&app, command}) {
        if (!scope)
            continue;
        for (const CLI::Option* option : scope->get_options()) {
            const ValueHint* hint = hint_for(*option);
            if (hint && hint->is_path)
                continue;
            for (const auto& value : option->results()) {
                if (first_invalid_utf8(value) == std::string::npos)
                    continue;
                throw UsageError(option->get_name() + ": '" + escape_invalid_utf8(value) +
                                 "' is not UTF-8 text; podcover reads option values as UTF-8 "
                                 "(check the terminal's encoding)");
            }
        }
    }
}

}  // namespace

void parse_command_line(CLI::App& app, int argc, const char* const* argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    check_command_name(app, args);
    // What CLI11 does not know is kept, for check_arguments to name with its fix.
    app.allow_extras();
    for (CLI::App* command : app.get_subcommands([](CLI::App*) { return true; }))
        command->allow_extras();
    try {
        app.parse(argc, argv);
    } catch (const CLI::Success&) {
        throw;
    } catch (const CLI::ParseError& error) {
        check_arguments(app, args);
        throw UsageError(reworded(app, error, args));
    }
    check_arguments(app, args);
    check_utf8(app);
}

}  // namespace podcover::cli
