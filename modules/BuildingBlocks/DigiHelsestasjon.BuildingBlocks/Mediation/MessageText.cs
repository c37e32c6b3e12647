namespace DigiHelsestasjon.BuildingBlocks.Mediation;

/// <summary>The rules for text a person writes. It is stored and returned exactly as written and never rendered as
/// markup, so HTML is just text; what is refused is what no one types: control characters and the invisible
/// direction overrides used to disguise text.</summary>
public static class MessageText
{
    public static IEnumerable<ValidationFailure> Check(string field, string? text, int maxLength, bool multiline)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            yield return new ValidationFailure(field, "Write something: it may not be empty.");
            yield break;
        }

        if (!text.EnumerateRunes().Any(IsVisible))
        {
            yield return new ValidationFailure(field, "Write something visible: only spaces or invisible characters were sent.");
            yield break;
        }

        if (text.Length > maxLength)
        {
            yield return new ValidationFailure(field, $"At most {maxLength} characters (this is {text.Length}).");
        }

        // An index, not FirstOrDefault: U+0000 is default(char) and would pass as "none found".
        var at = text.AsSpan().IndexOfAnyExcept(Allowed(multiline));
        if (at >= 0)
        {
            var bad = text[at];
            yield return new ValidationFailure(field, multiline
                ? $"Contains a control character (U+{(int)bad:X4}); only letters, punctuation, spaces and line breaks are taken."
                : $"Contains a control character or line break (U+{(int)bad:X4}); write it on one line.");
        }
    }

    /// <summary>The first control character or direction override in the text (line breaks and tabs are text), or null.</summary>
    public static char? ControlCharacterAt(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var at = text.AsSpan().IndexOfAnyExcept(AllowedMultiline);
        return at < 0 ? null : text[at];
    }

    /// <summary>A character someone sees: not a space, a format character (zero-width space, direction marks, tags), a
    /// combining mark on its own, or one of the blank "filler" letters.</summary>
    private static bool IsVisible(System.Text.Rune rune) =>
        !System.Text.Rune.IsWhiteSpace(rune) && !System.Text.Rune.IsControl(rune)
        && System.Text.Rune.GetUnicodeCategory(rune) is not (System.Globalization.UnicodeCategory.Format or System.Globalization.UnicodeCategory.NonSpacingMark
            or System.Globalization.UnicodeCategory.EnclosingMark or System.Globalization.UnicodeCategory.SpaceSeparator)
        && rune.Value is not (0x115F or 0x1160 or 0x3164 or 0xFFA0 or 0x2800);

    private static System.Buffers.SearchValues<char> Allowed(bool multiline) => multiline ? AllowedMultiline : AllowedSingleLine;

    private static readonly System.Buffers.SearchValues<char> AllowedMultiline = System.Buffers.SearchValues.Create(
        Enumerable.Range(0, char.MaxValue + 1).Select(i => (char)i).Where(c => !IsRefused(c, multiline: true)).ToArray());

    private static readonly System.Buffers.SearchValues<char> AllowedSingleLine = System.Buffers.SearchValues.Create(
        Enumerable.Range(0, char.MaxValue + 1).Select(i => (char)i).Where(c => !IsRefused(c, multiline: false)).ToArray());

    private static bool IsRefused(char c, bool multiline) =>
        (char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t'))
        || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';
}
