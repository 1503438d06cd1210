// SPDX-License-Identifier: Apache-2.0
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Core.Auth.Passkeys;
using Tessera.Core.Errors;
using Tessera.Core.Users;
using static Tessera.Server.AdminConsole.ConsolePage;

namespace Tessera.Server.AdminConsole;

/// <summary>
/// Users: ListUsers with its own filter syntax and pagination token (paged on the server), create, and one user's
/// page with its attributes, status, password, groups, MFA, devices, passkeys and linked providers.
/// </summary>
internal static class UserPages
{
    private const int PageSize = 25;
    private const int EventsShown = 10;

    public static void Map(RouteGroupBuilder console)
    {
        console.MapGet("/pools/{poolId}/users", ListAsync);
        console.MapPost("/pools/{poolId}/users", CreateAsync);
        console.MapGet("/pools/{poolId}/user", DetailAsync);
        console.MapPost("/pools/{poolId}/user/{action}", ActAsync);
    }

    private static string UserLink(string poolId, string username) => PoolLink(poolId, "/user?u=" + Url(username));

    private static string ActionLink(string poolId, string username, string action) => PoolLink(poolId, $"/user/{action}?u={Url(username)}");

    private static Task ListAsync(HttpContext context, string poolId) => ConsoleEndpoints.PageAsync(context, async ops =>
    {
        var pool = Member(await ops.IdpAsync(context, "DescribeUserPool", new JsonObject { ["UserPoolId"] = poolId }).ConfigureAwait(false), "UserPool");
        var query = context.Request.Query;
        var filter = query["filter"].ToString();
        var token = query["token"].ToString();
        var body = new JsonObject { ["UserPoolId"] = poolId, ["Limit"] = PageSize };
        if (filter.Length > 0)
        {
            body["Filter"] = filter;
        }

        if (token.Length > 0)
        {
            body["PaginationToken"] = token;
        }

        var pageNumber = int.TryParse(query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 && token.Length > 0 ? n : 1;
        string table;
        var next = string.Empty;
        var shown = 0;
        try
        {
            var result = await ops.IdpAsync(context, "ListUsers", body).ConfigureAwait(false);
            next = Str(result, "PaginationToken");
            shown = Items(result, "Users").Count();
            table = Table("Users", ["User name", "Email", "Status", "Enabled", "Created"], Items(result, "Users").Select(u => (IReadOnlyList<string>)
            [
                $"<a href=\"{UserLink(poolId, Str(u, "Username"))}\">{Encode(Str(u, "Username"))}</a>",
                Encode(Attribute(u, "Attributes", "email")),
                Encode(Str(u, "UserStatus")),
                Str(u, "Enabled") == "true" ? "yes" : "<span class=\"badge off\">disabled</span>",
                Time(u, "UserCreateDate"),
            ]), filter.Length > 0 ? "No user matches the filter." : "No users yet.");
        }
        catch (CognitoException e) when (e.StatusCode < 500)
        {
            table = ErrorBlock($"{e.Code}: {e.Message}");
        }

        var filterQuery = filter.Length > 0 ? "filter=" + Url(filter) + "&" : string.Empty;
        var html = $"<h1>Users of {Encode(Str(pool, "Name"))}</h1>" + PoolTabs(poolId, "users")
            + "<section class=\"card\"><form method=\"get\" action=\"" + PoolLink(poolId, "/users") + "\" role=\"search\"><div class=\"row\">"
            + Field("users-filter", "filter", "Filter", value: filter, hint: "ListUsers syntax: email ^= \"ann\", status = \"Enabled\", cognito:user_status = \"CONFIRMED\"")
            + "<button type=\"submit\">Search</button></div></form>"
            + table
            + PagePosition(pageNumber, shown, filter.Length > 0 ? null : Str(pool, "EstimatedNumberOfUsers"))
            + "<p class=\"actions\">"
            + (token.Length > 0 ? $"<a href=\"{PoolLink(poolId, "/users")}{(filter.Length > 0 ? "?filter=" + Url(filter) : string.Empty)}\">First page</a>" : string.Empty)
            + (next.Length > 0 ? $"<a href=\"{PoolLink(poolId, "/users")}?{filterQuery}page={(pageNumber + 1).ToString(CultureInfo.InvariantCulture)}&amp;token={Url(next)}\">Next page</a>" : string.Empty)
            + "</p></section><section class=\"card\" aria-labelledby=\"create-user\"><h2 id=\"create-user\">Create a user</h2>"
            + Form(context, PoolLink(poolId, "/users"),
                "<div class=\"row\">"
                + Field("user-name", "username", Items(pool, "UsernameAttributes").Any() ? "User name (an email address)" : "User name", required: true)
                + Field("user-email", "email", "Email", "email")
                + Field("user-password", "temporaryPassword", "Temporary password", "text", hint: "Empty: Tessera makes one and sends it")
                + "</div>"
                + Check("user-email-verified", "emailVerified", "Mark the email as verified", true)
                + Check("user-suppress", "suppress", "Do not send the invitation message", false),
                "Create user")
            + "</section>";
        await WriteAsync(context, 200, "Users", html).ConfigureAwait(false);
    });

    private static Task CreateAsync(HttpContext context, string poolId) => ConsoleEndpoints.ActAsync(context, PoolLink(poolId, "/users"), async (form, ops) =>
    {
        var username = form["username"].ToString();
        var attributes = new JsonArray();
        if (ConsoleEndpoints.Text(form, "email") is { } email)
        {
            attributes.Add(new JsonObject { ["Name"] = "email", ["Value"] = email });
            if (ConsoleEndpoints.On(form, "emailVerified"))
            {
                attributes.Add(new JsonObject { ["Name"] = "email_verified", ["Value"] = "true" });
            }
        }

        var body = new JsonObject { ["UserPoolId"] = poolId, ["Username"] = username, ["UserAttributes"] = attributes };
        if (ConsoleEndpoints.Text(form, "temporaryPassword") is { } password)
        {
            body["TemporaryPassword"] = password;
        }

        if (ConsoleEndpoints.On(form, "suppress"))
        {
            body["MessageAction"] = "SUPPRESS";
        }

        var created = Member(await ops.IdpAsync(context, "AdminCreateUser", body).ConfigureAwait(false), "User");
        return new Outcome($"Created user {Str(created, "Username")} ({Str(created, "UserStatus")}).", UserLink(poolId, Str(created, "Username")));
    });

    private static Task DetailAsync(HttpContext context, string poolId) => ConsoleEndpoints.PageAsync(context, async ops =>
    {
        var username = context.Request.Query["u"].ToString();
        var key = new JsonObject { ["UserPoolId"] = poolId, ["Username"] = username };
        var user = await ops.IdpAsync(context, "AdminGetUser", key.DeepClone().AsObject()).ConfigureAwait(false);
        username = Str(user, "Username");
        var groups = await ops.IdpAsync(context, "AdminListGroupsForUser", new JsonObject { ["UserPoolId"] = poolId, ["Username"] = username, ["Limit"] = 60 }).ConfigureAwait(false);
        var poolGroups = await ops.IdpAsync(context, "ListGroups", new JsonObject { ["UserPoolId"] = poolId, ["Limit"] = 60 }).ConfigureAwait(false);
        string? devicesError = null;
        JsonElement devices = default;
        try
        {
            devices = await ops.IdpAsync(context, "AdminListDevices", new JsonObject { ["UserPoolId"] = poolId, ["Username"] = username, ["Limit"] = 60 }).ConfigureAwait(false);
        }
        catch (CognitoException e) when (e.StatusCode < 500)
        {
            // A pool without device tracking has no devices to list: AdminListDevices says so, and so does the page.
            devicesError = e.Message;
        }

        var passkeys = await PasskeysAsync(context, poolId, username).ConfigureAwait(false);
        var (events, eventsNote) = await AuthEventsAsync(context, ops, poolId, username).ConfigureAwait(false);
        var lastSignIn = events.FirstOrDefault(e => Str(e, "EventType") == "SignIn" && Str(e, "EventResponse") == "Pass");
        var enabled = Str(user, "Enabled") == "true";
        var status = Str(user, "UserStatus");
        var act = (string action) => ActionLink(poolId, username, action);
        var memberOf = Items(groups, "Groups").Select(g => Str(g, "GroupName")).ToHashSet(StringComparer.Ordinal);
        var mfaList = Items(user, "UserMFASettingList").Select(e => e.GetString() ?? string.Empty).ToList();
        var preferred = Str(user, "PreferredMfaSetting");

        var html = $"<h1>User {Encode(username)}</h1>" + PoolTabs(poolId, "users")
            + "<section class=\"card\" aria-labelledby=\"user-facts\"><h2 id=\"user-facts\">Status</h2>"
            + Facts(
            [
                ("User name", $"<code>{Encode(username)}</code>"),
                ("sub", $"<code>{Encode(Attribute(user, "UserAttributes", "sub"))}</code>"),
                ("Status", $"<span id=\"user-status\">{Encode(status)}</span>"),
                ("Enabled", $"<span id=\"user-enabled\">{(enabled ? "yes" : "no")}</span>"),
                ("Created", Time(user, "UserCreateDate")),
                ("Last modified", Time(user, "UserLastModifiedDate")),
                ("Last sign-in", $"<span id=\"user-last-sign-in\">{(lastSignIn.ValueKind == JsonValueKind.Object ? Time(lastSignIn, "CreationDate") + " from " + Encode(Str(Member(lastSignIn, "EventContextData"), "IpAddress")) : eventsNote is null ? "none recorded" : "not recorded (threat protection is off)")}</span>"),
            ])
            + "<div class=\"actions\">"
            + (enabled ? Button(context, act("disable"), "Disable user", "danger") : Button(context, act("enable"), "Enable user"))
            + (status == "UNCONFIRMED" ? Button(context, act("confirm"), "Confirm sign-up") : string.Empty)
            + Button(context, act("reset-password"), "Reset password")
            + Button(context, act("sign-out"), "Sign out everywhere")
            + "</div>"
            + "<details><summary>Set a password</summary>"
            + Form(context, act("set-password"),
                "<div class=\"row\">" + Field("set-password", "password", "New password", "password", autocomplete: "new-password", required: true) + "</div>"
                + Check("set-password-permanent", "permanent", "Permanent (otherwise the user must change it at the next sign-in)", true),
                "Set password")
            + "</details></section>"
            + "<section class=\"card\" aria-labelledby=\"user-events\"><h2 id=\"user-events\">Sign-in history</h2>"
            + (eventsNote is not null
                ? $"<p>{Encode(eventsNote)} Turn it on in the <a href=\"{PoolLink(poolId)}\">pool's settings</a> (Threat protection: Audit) to keep each sign-in's time, outcome and address.</p>"
                : Table($"The last {EventsShown} events (AdminListUserAuthEvents), newest first", ["When", "Event", "Outcome", "Risk", "Address", "Device"], events.Select(e => (IReadOnlyList<string>)
                [
                    Time(e, "CreationDate"),
                    Encode(Str(e, "EventType")),
                    Encode(Str(e, "EventResponse")),
                    Encode(Str(Member(e, "EventRisk"), "RiskLevel")),
                    Encode(Str(Member(e, "EventContextData"), "IpAddress")),
                    Encode(Str(Member(e, "EventContextData"), "DeviceName")),
                ]), "No sign-in recorded yet."))
            + "</section>"
            + "<section class=\"card\" aria-labelledby=\"user-attributes\"><h2 id=\"user-attributes\">Attributes</h2>"
            + Table("Attributes", ["Name", "Value", string.Empty], Items(user, "UserAttributes").Select(a => (IReadOnlyList<string>)
            [
                $"<code>{Encode(Str(a, "Name"))}</code>",
                Encode(Str(a, "Value")),
                Str(a, "Name") == "sub" ? string.Empty : Button(context, act("delete-attribute"), "Delete", "secondary", Hidden("name", Str(a, "Name")), $"Delete attribute {Str(a, "Name")}"),
            ]), "No attributes.")
            + Form(context, act("attributes"),
                "<div class=\"row\">" + Field("attribute-name", "name", "Attribute name", required: true, hint: "e.g. given_name, custom:team") + Field("attribute-value", "value", "Value") + "</div>",
                "Set attribute")
            + "</section>"
            + "<section class=\"card\" aria-labelledby=\"user-groups\"><h2 id=\"user-groups\">Groups</h2>"
            + Table("Groups of the user", ["Group", string.Empty], memberOf.Select(g => (IReadOnlyList<string>)
            [
                $"<a href=\"{PoolLink(poolId, "/group?g=" + Url(g))}\">{Encode(g)}</a>",
                Button(context, act("remove-group"), "Remove", "secondary", Hidden("group", g), $"Remove from {g}"),
            ]), "Not in any group.")
            + (Items(poolGroups, "Groups").Any(g => !memberOf.Contains(Str(g, "GroupName")))
                ? Form(context, act("add-group"), "<div class=\"row\">" + Select("add-group", "group", "Add to group",
                    Items(poolGroups, "Groups").Select(g => Str(g, "GroupName")).Where(g => !memberOf.Contains(g)).Select(g => (g, g)), null) + "</div>", "Add to group")
                : string.Empty)
            + "</section>"
            + "<section class=\"card\" aria-labelledby=\"user-mfa\"><h2 id=\"user-mfa\">Multi-factor authentication</h2>"
            + Facts([("Enabled factors", Encode(mfaList.Count == 0 ? "none" : string.Join(", ", mfaList))), ("Preferred", Encode(preferred.Length == 0 ? "none" : preferred))])
            + Form(context, act("mfa"),
                "<fieldset><legend>Factors</legend><div class=\"row\">"
                + Check("mfa-totp", "factors", "Authenticator app (SOFTWARE_TOKEN_MFA)", mfaList.Contains("SOFTWARE_TOKEN_MFA"), "SOFTWARE_TOKEN_MFA")
                + Check("mfa-sms", "factors", "SMS (SMS_MFA)", mfaList.Contains("SMS_MFA"), "SMS_MFA")
                + Check("mfa-email", "factors", "Email (EMAIL_OTP)", mfaList.Contains("EMAIL_OTP"), "EMAIL_OTP")
                + "</div></fieldset><div class=\"row\">"
                + Select("mfa-preferred", "preferred", "Preferred factor", [(string.Empty, "None"), ("SOFTWARE_TOKEN_MFA", "Authenticator app"), ("SMS_MFA", "SMS"), ("EMAIL_OTP", "Email")], preferred)
                + "</div>",
                "Save MFA settings")
            + "</section>"
            + "<section class=\"card\" aria-labelledby=\"user-devices\"><h2 id=\"user-devices\">Remembered devices</h2>"
            + (devicesError is not null ? $"<p>{Encode(devicesError)}</p>" : Table("Devices", ["Device key", "Name", "Last signed in", "Status", string.Empty], Items(devices, "Devices").Select(d => (IReadOnlyList<string>)
            [
                $"<code>{Encode(Str(d, "DeviceKey"))}</code>",
                Encode(Attribute(d, "DeviceAttributes", "device_name")),
                Time(d, "DeviceLastAuthenticatedDate"),
                Encode(Attribute(d, "DeviceAttributes", "dev:device_remembered_status")),
                Button(context, act("forget-device"), "Forget", "secondary", Hidden("device", Str(d, "DeviceKey")), $"Forget device {Str(d, "DeviceKey")}"),
            ]), "No remembered devices."))
            + "</section>"
            + "<section class=\"card\" aria-labelledby=\"user-passkeys\"><h2 id=\"user-passkeys\">Passkeys</h2>"
            + Table("Passkeys", ["Name", "Relying party", "Created", string.Empty], passkeys.Select(p => (IReadOnlyList<string>)
            [
                Encode(p.FriendlyName),
                Encode(p.RelyingPartyId),
                $"<time datetime=\"{p.CreatedAt.ToString("O", CultureInfo.InvariantCulture)}\">{p.CreatedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC</time>",
                Button(context, act("delete-passkey"), "Delete", "secondary", Hidden("credential", p.CredentialId), $"Delete passkey {p.FriendlyName}"),
            ]), "No passkeys.")
            + "</section>"
            + "<section class=\"card\" aria-labelledby=\"user-providers\"><h2 id=\"user-providers\">Linked providers</h2>"
            + Table("Linked providers", ["Provider", "User id there", string.Empty], Identities(user).Select(i => (IReadOnlyList<string>)
            [
                Encode(i.Provider),
                $"<code>{Encode(i.UserId)}</code>",
                Button(context, act("unlink"), "Unlink", "secondary", Hidden("provider", i.Provider) + Hidden("providerUserId", i.UserId), $"Unlink {i.Provider}"),
            ]), "No linked providers.")
            + "</section>"
            + "<section class=\"card\" aria-labelledby=\"user-delete\"><h2 id=\"user-delete\">Delete</h2>"
            + Button(context, act("delete"), "Delete user", "danger")
            + "</section>";
        await WriteAsync(context, 200, username, html).ConfigureAwait(false);
    });

    /// <summary>Where this page of the list is: "Page 2: users 26–50 of about 1,200" (the pool's estimate, unfiltered only).</summary>
    private static string PagePosition(int page, int shown, string? estimated)
    {
        if (shown == 0)
        {
            return string.Empty;
        }

        var first = ((page - 1) * PageSize) + 1;
        var total = long.TryParse(estimated, NumberStyles.None, CultureInfo.InvariantCulture, out var e) ? $" of about {e.ToString("N0", CultureInfo.InvariantCulture)}" : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"<p class=\"hint\" id=\"users-position\" role=\"status\">Page {page}: users {first:N0}–{first + shown - 1:N0}{total}</p>");
    }

    /// <summary>The user's newest auth events, or why the pool has none (threat protection off: AdminListUserAuthEvents refuses).</summary>
    private static async Task<(IReadOnlyList<JsonElement> Events, string? Note)> AuthEventsAsync(HttpContext context, ConsoleOperations ops, string poolId, string username)
    {
        try
        {
            var result = await ops.IdpAsync(context, "AdminListUserAuthEvents", new JsonObject { ["UserPoolId"] = poolId, ["Username"] = username, ["MaxResults"] = EventsShown }).ConfigureAwait(false);
            return ([.. Items(result, "AuthEvents")], null);
        }
        catch (CognitoException e) when (e.Code == "UserPoolAddOnNotEnabledException")
        {
            return ([], e.Message);
        }
    }

    private static Task ActAsync(HttpContext context, string poolId, string action)
    {
        var username = context.Request.Query["u"].ToString();
        return ConsoleEndpoints.ActAsync(context, UserLink(poolId, username), async (form, ops) =>
        {
            JsonObject Key() => new() { ["UserPoolId"] = poolId, ["Username"] = username };
            JsonObject With(string name, JsonNode? value)
            {
                var body = Key();
                body[name] = value;
                return body;
            }

            switch (action)
            {
                case "enable":
                    await ops.IdpAsync(context, "AdminEnableUser", Key()).ConfigureAwait(false);
                    return "User enabled.";
                case "disable":
                    await ops.IdpAsync(context, "AdminDisableUser", Key()).ConfigureAwait(false);
                    return "User disabled: they can no longer sign in, and their tokens are revoked.";
                case "confirm":
                    await ops.IdpAsync(context, "AdminConfirmSignUp", Key()).ConfigureAwait(false);
                    return "Sign-up confirmed.";
                case "reset-password":
                    await ops.IdpAsync(context, "AdminResetUserPassword", Key()).ConfigureAwait(false);
                    return "Password reset: the user was sent a code and must choose a new password at the next sign-in.";
                case "set-password":
                    var setPassword = With("Password", form["password"].ToString());
                    setPassword["Permanent"] = ConsoleEndpoints.On(form, "permanent");
                    await ops.IdpAsync(context, "AdminSetUserPassword", setPassword).ConfigureAwait(false);
                    return "Password set.";
                case "sign-out":
                    await ops.IdpAsync(context, "AdminUserGlobalSignOut", Key()).ConfigureAwait(false);
                    return "Signed out everywhere: the user's refresh tokens and sessions are revoked.";
                case "attributes":
                    await ops.IdpAsync(context, "AdminUpdateUserAttributes", With("UserAttributes", new JsonArray(new JsonObject { ["Name"] = form["name"].ToString(), ["Value"] = form["value"].ToString() }))).ConfigureAwait(false);
                    return $"Attribute {form["name"]} saved.";
                case "delete-attribute":
                    await ops.IdpAsync(context, "AdminDeleteUserAttributes", With("UserAttributeNames", ConsoleEndpoints.Strings([form["name"].ToString()]))).ConfigureAwait(false);
                    return $"Attribute {form["name"]} deleted.";
                case "add-group":
                    await ops.IdpAsync(context, "AdminAddUserToGroup", With("GroupName", form["group"].ToString())).ConfigureAwait(false);
                    return $"Added to group {form["group"]}.";
                case "remove-group":
                    await ops.IdpAsync(context, "AdminRemoveUserFromGroup", With("GroupName", form["group"].ToString())).ConfigureAwait(false);
                    return $"Removed from group {form["group"]}.";
                case "mfa":
                    var factors = form["factors"].Select(f => f ?? string.Empty).ToHashSet(StringComparer.Ordinal);
                    var preferred = form["preferred"].ToString();
                    var mfa = Key();
                    foreach (var (factor, member) in new[] { ("SOFTWARE_TOKEN_MFA", "SoftwareTokenMfaSettings"), ("SMS_MFA", "SMSMfaSettings"), ("EMAIL_OTP", "EmailMfaSettings") })
                    {
                        mfa[member] = new JsonObject { ["Enabled"] = factors.Contains(factor), ["PreferredMfa"] = preferred == factor };
                    }

                    await ops.IdpAsync(context, "AdminSetUserMFAPreference", mfa).ConfigureAwait(false);
                    return "MFA settings saved.";
                case "forget-device":
                    await ops.IdpAsync(context, "AdminForgetDevice", With("DeviceKey", form["device"].ToString())).ConfigureAwait(false);
                    return "Device forgotten.";
                case "delete-passkey":
                    var (_, user) = await UserAsync(context, poolId, username).ConfigureAwait(false);
                    await context.RequestServices.GetRequiredService<PasskeyService>().DeleteAsync(user, form["credential"].ToString(), context.RequestAborted).ConfigureAwait(false);
                    return "Passkey deleted.";
                case "unlink":
                    var unlink = new JsonObject
                    {
                        ["UserPoolId"] = poolId,
                        ["User"] = new JsonObject { ["ProviderName"] = form["provider"].ToString(), ["ProviderAttributeName"] = "Cognito_Subject", ["ProviderAttributeValue"] = form["providerUserId"].ToString() },
                    };
                    await ops.IdpAsync(context, "AdminDisableProviderForUser", unlink).ConfigureAwait(false);
                    return $"Unlinked {form["provider"]}.";
                case "delete":
                    await ops.IdpAsync(context, "AdminDeleteUser", Key()).ConfigureAwait(false);
                    return new Outcome($"Deleted user {username}.", PoolLink(poolId, "/users"));
                default:
                    throw CognitoErrors.InvalidParameter($"Unknown action {action}.");
            }
        });
    }

    /// <summary>The user's passkeys: no administrative operation lists them, so the console asks the service ListWebAuthnCredentials calls.</summary>
    private static async Task<IReadOnlyList<WebAuthnCredential>> PasskeysAsync(HttpContext context, string poolId, string username)
    {
        var (_, user) = await UserAsync(context, poolId, username).ConfigureAwait(false);
        var passkeys = context.RequestServices.GetRequiredService<PasskeyService>();
        var all = new List<WebAuthnCredential>();
        string? next = null;
        do
        {
            var page = await passkeys.ListAsync(user, null, next, context.RequestAborted).ConfigureAwait(false);
            all.AddRange(page.Credentials);
            next = page.NextToken;
        }
        while (next is not null);
        return all;
    }

    private static async Task<(Core.Pools.UserPool Pool, User User)> UserAsync(HttpContext context, string poolId, string username)
    {
        var directory = context.RequestServices.GetRequiredService<UserDirectory>();
        var pool = await directory.GetPoolAsync(poolId, context.RequestAborted).ConfigureAwait(false);
        return (pool, await directory.GetAsync(pool, username, context.RequestAborted).ConfigureAwait(false));
    }

    /// <summary>The <c>identities</c> attribute: the providers linked to the user (AdminLinkProviderForUser, federated sign-in).</summary>
    private static IEnumerable<(string Provider, string UserId)> Identities(JsonElement user)
    {
        var json = Attribute(user, "UserAttributes", "identities");
        if (json.Length == 0)
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind != JsonValueKind.Array ? [] : [.. document.RootElement.EnumerateArray().Select(i => (Str(i, "providerName"), Str(i, "userId")))];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>The value of one attribute in a Name/Value list.</summary>
    private static string Attribute(JsonElement value, string list, string name)
        => Items(value, list).Where(a => Str(a, "Name") == name).Select(a => Str(a, "Value")).FirstOrDefault() ?? string.Empty;
}
