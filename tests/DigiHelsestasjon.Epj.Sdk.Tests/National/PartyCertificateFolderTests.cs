using System.Text;
using DigiHelsestasjon.Epj.Sdk.National.Security;
using Shouldly;
using Xunit;

namespace DigiHelsestasjon.Epj.Sdk.Tests.National;

/// <summary>What a municipality hands its vendor: the public halves of the platform's certificates, as files.</summary>
public sealed class PartyCertificateFolderTests : IDisposable
{
    private readonly string platformFolder = Path.Combine(Path.GetTempPath(), "digi-certs-" + Guid.NewGuid().ToString("N"));
    private readonly string vendorFolder = Path.Combine(Path.GetTempPath(), "digi-certs-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Given_test_certificates_made_for_the_platform_When_only_their_cer_files_are_copied_to_a_journal_Then_the_journal_verifies_and_encrypts_to_the_platform()
    {
        var platform = new PartyCertificateFolder(platformFolder).Own("8140100", createIfMissing: true);
        var journal = new PartyCertificateFolder(vendorFolder).Own("8140101", createIfMissing: true);
        Directory.GetFiles(platformFolder, "8140100-*.cer").Select(Path.GetFileName).Order().ShouldBe(["8140100-encryption.cer", "8140100-signing.cer"]);
        foreach (var cer in Directory.GetFiles(platformFolder, "*.cer"))
        {
            File.Copy(cer, Path.Combine(vendorFolder, Path.GetFileName(cer)));
        }

        var known = new PartyCertificateFolder(vendorFolder).Counterpart("8140100").ShouldNotBeNull();
        known.Signing.HasPrivateKey.ShouldBeFalse("a .cer carries no private key");

        var sealedForPlatform = CmsProtection.SignThenEncrypt("<MsgHead/>"u8.ToArray(), journal.Signing, known.Encryption);
        var opened = CmsProtection.DecryptThenVerify(sealedForPlatform, platform.Encryption, journal.Signing, DateTimeOffset.UtcNow);
        Encoding.UTF8.GetString(opened.Content.ShouldNotBeNull()).ShouldBe("<MsgHead/>");
    }

    [Fact]
    public void Given_a_counterparts_certificate_in_use_When_a_renewed_one_replaces_its_file_Then_the_next_message_is_checked_against_the_new_one_without_a_restart()
    {
        var renewedFolder = Path.Combine(platformFolder, "renewed");
        var old = new PartyCertificateFolder(vendorFolder).Own("8140101", createIfMissing: true);
        var renewed = new PartyCertificateFolder(renewedFolder).Own("8140101", createIfMissing: true);
        Directory.CreateDirectory(platformFolder);
        foreach (var cer in Directory.GetFiles(vendorFolder, "*.cer"))
        {
            File.Copy(cer, Path.Combine(platformFolder, Path.GetFileName(cer)));
        }

        var platform = new PartyCertificateFolder(platformFolder);
        platform.Counterpart("8140101")!.Signing.Thumbprint.ShouldBe(old.Signing.Thumbprint);
        foreach (var cer in Directory.GetFiles(renewedFolder, "*.cer"))
        {
            var target = Path.Combine(platformFolder, Path.GetFileName(cer));
            File.Copy(cer, target, overwrite: true);
            File.SetLastWriteTimeUtc(target, File.GetLastWriteTimeUtc(target).AddMinutes(1));
        }

        platform.Counterpart("8140101")!.Signing.Thumbprint.ShouldBe(renewed.Signing.Thumbprint, "HITS 1216 2.1.4: a renewed certificate is fetched again");
    }

    public void Dispose()
    {
        foreach (var folder in new[] { platformFolder, vendorFolder }.Where(Directory.Exists))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
