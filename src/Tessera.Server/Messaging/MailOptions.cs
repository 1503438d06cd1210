// SPDX-License-Identifier: Apache-2.0
using System.ComponentModel.DataAnnotations;

namespace Tessera.Server.Messaging;

/// <summary>The <c>Tessera:Mail</c> section: the SMTP server email messages (codes, invitations) go through.</summary>
public sealed class MailOptions
{
    /// <summary>The SMTP server's host name. Without it no email is sent (start-dev still keeps every message in its inbox).</summary>
    public string? Host { get; set; }

    /// <summary>The SMTP port. The default is 587 (submission); 465 means TLS from the first byte.</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    /// <summary>The sender, e.g. <c>Tessera &lt;no-reply@example.com&gt;</c>. Required when <see cref="Host"/> is set.</summary>
    public string? From { get; set; }

    /// <summary>Require TLS (STARTTLS, or implicit TLS on port 465). The default is true; false sends in the clear, for a local relay.</summary>
    public bool UseTls { get; set; } = true;

    /// <summary>The SMTP user name, when the server requires authentication.</summary>
    public string? UserName { get; set; }

    /// <summary>The SMTP password; no default.</summary>
    public string? Password { get; set; }

    /// <summary>How long one delivery may take before it fails. The default is 30 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);
}

/// <summary>Rules across fields, checked at start.</summary>
internal sealed class MailOptionsValidation : Microsoft.Extensions.Options.IValidateOptions<MailOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, MailOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsConfigured)
        {
            return Microsoft.Extensions.Options.ValidateOptionsResult.Success;
        }

        if (string.IsNullOrWhiteSpace(options.From) || !MimeKit.MailboxAddress.TryParse(options.From, out _))
        {
            return Microsoft.Extensions.Options.ValidateOptionsResult.Fail("Tessera:Mail:From must be a mail address (e.g. no-reply@example.com) when Tessera:Mail:Host is set.");
        }

        if (string.IsNullOrEmpty(options.UserName) != string.IsNullOrEmpty(options.Password))
        {
            return Microsoft.Extensions.Options.ValidateOptionsResult.Fail("Tessera:Mail:UserName and Tessera:Mail:Password are set together or not at all.");
        }

        return Microsoft.Extensions.Options.ValidateOptionsResult.Success;
    }
}
