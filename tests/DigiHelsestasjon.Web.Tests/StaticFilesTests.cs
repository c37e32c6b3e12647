using System.Net;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Shouldly;
using Xunit;
using Xunit.Abstractions;

namespace DigiHelsestasjon.Web.Tests;

/// <summary>Issue 32, item 12: the pages' scripts reach a phone compressed, and a client that takes no compression still
/// gets the same file.</summary>
public sealed partial class StaticFilesTests(ITestOutputHelper output) : BrowserTest(output)
{
    [Fact]
    public async Task Given_a_browser_that_accepts_Brotli_or_gzip_When_it_loads_the_pages_script_Then_it_gets_the_smaller_copy_of_the_same_file()
    {
        using var http = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = new Uri(BaseUrl) };
        var index = await http.GetStringAsync("/");
        var script = ScriptPattern().Match(index).Groups[1].Value;
        script.ShouldStartWith("/assets/");

        var plain = await http.GetAsync(script);
        var original = await plain.Content.ReadAsByteArrayAsync();
        plain.Content.Headers.ContentEncoding.ShouldBeEmpty();

        foreach (var encoding in new[] { "br", "gzip" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, script);
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
            var response = await http.SendAsync(request);

            response.Content.Headers.ContentEncoding.ShouldBe([encoding]);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("text/javascript");
            response.Headers.Vary.ShouldContain("Accept-Encoding");
            var compressed = await response.Content.ReadAsByteArrayAsync();
            compressed.Length.ShouldBeLessThan(original.Length / 2, $"{encoding} at least halves the script");
            await using Stream decoder = encoding == "br"
                ? new BrotliStream(new MemoryStream(compressed), CompressionMode.Decompress)
                : new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
            using var decoded = new MemoryStream();
            await decoder.CopyToAsync(decoded);
            decoded.ToArray().ShouldBe(original);
        }
    }

    [GeneratedRegex("<script[^>]+src=\"([^\"]+\\.js)\"")]
    private static partial Regex ScriptPattern();
}
