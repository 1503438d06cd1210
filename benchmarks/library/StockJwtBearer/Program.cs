// SPDX-License-Identifier: Apache-2.0
using Microsoft.AspNetCore.Authentication.JwtBearer;

// samples/SeedWalkthrough/Api with stock JwtBearer: same host, middleware and routes, so the difference
// in a run is the library. Stock JwtBearer checks signature, issuer and expiry, not token_use/client_id.
var builder = WebApplication.CreateSlimBuilder(args);
var issuer = builder.Configuration["Bench:Issuer"] ?? throw new InvalidOperationException("Bench:Issuer is required.");
builder.Services.AddAuthentication().AddJwtBearer(o =>
{
    o.Authority = issuer;
    o.RequireHttpsMetadata = false;
    o.MapInboundClaims = false;
    o.TokenValidationParameters.ValidateAudience = false;
});
builder.Services.AddAuthorization();
builder.Services.AddCors();

var app = builder.Build();
app.UseCors(p => p.AllowAnyOrigin().AllowAnyHeader().AllowAnyMethod());
app.UseAuthentication();
app.UseAuthorization();

app.MapGet("/api/hello", (HttpContext context) => $"Hi {context.User.FindFirst("username")?.Value}, your API call is authenticated!")
    .RequireAuthorization(p => p.AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme).RequireAuthenticatedUser());
app.MapGet("/api/public", () => "Anyone may read this.");

app.Run();
