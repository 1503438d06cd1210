// SPDX-License-Identifier: Apache-2.0
using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Tessera.Server.Cli;

/// <summary>
/// <c>tessera certificate --host cognito-idp.us-east-1.amazonaws.com --out ./certs</c>: a local CA and a
/// server certificate it signs, for serving HTTPS under AWS's host names (drop-in mode, docs/drop-in.md).
/// Trust the CA where the client runs (Node: NODE_EXTRA_CA_CERTS=ca.pem); never in production.
/// </summary>
internal static class CertificateCommand
{
    public static Command Create()
    {
        var hosts = new Option<string[]>("--host") { Description = "A DNS name the certificate covers (repeatable).", Required = true, AllowMultipleArgumentsPerToken = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for ca.pem, server.pem, server.key and server.pfx.", DefaultValueFactory = _ => new DirectoryInfo(".tessera/certs") };
        var command = new Command("certificate", "Create a local CA and a server certificate for HTTPS under the given host names.") { hosts, output };
        command.SetAction(result =>
        {
            var folder = result.GetValue(output)!;
            Write(result.GetValue(hosts)!, folder.FullName);
            Console.WriteLine($"Wrote {Path.Combine(folder.FullName, "ca.pem")} (trust it: NODE_EXTRA_CA_CERTS=…/ca.pem) and server.pem, server.key, server.pfx.");
            return 0;
        });
        return command;
    }

    public static void Write(IReadOnlyList<string> hosts, string folder)
    {
        Directory.CreateDirectory(folder);
        var now = TimeProvider.System.GetUtcNow();
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=Tessera local CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddYears(2));

        using var serverKey = RSA.Create(2048);
        var serverRequest = new CertificateRequest($"CN={hosts[0]}", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var host in hosts)
        {
            names.AddDnsName(host);
        }

        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var signed = serverRequest.Create(ca, now.AddDays(-1), now.AddYears(1), RandomNumberGenerator.GetBytes(16));
        using var server = signed.CopyWithPrivateKey(serverKey);

        File.WriteAllText(Path.Combine(folder, "ca.pem"), ca.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "server.pem"), server.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "server.key"), serverKey.ExportPkcs8PrivateKeyPem());
        File.WriteAllBytes(Path.Combine(folder, "server.pfx"), server.Export(X509ContentType.Pfx));
    }
}
