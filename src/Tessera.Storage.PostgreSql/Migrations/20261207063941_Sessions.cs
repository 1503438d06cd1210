using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tessera.Storage.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class Sessions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "sessions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PoolId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClientId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    ExpiresAt = table.Column<long>(type: "bigint", nullable: false),
                    RevokedAt = table.Column<long>(type: "bigint", nullable: true),
                    RevokedReason = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sessions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_sessions_users_UserId",
                        column: x => x.UserId,
                        principalTable: "users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_sessions_ExpiresAt",
                table: "sessions",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_sessions_UserId_RevokedAt",
                table: "sessions",
                columns: new[] { "UserId", "RevokedAt" });

            // Every session that has a refresh token becomes a row, so its tokens stay valid; one revoked before, or
            // older than its user's last global sign-out (the column this migration drops), stays revoked.
            migrationBuilder.Sql("""
                INSERT INTO sessions ("Id", "PoolId", "UserId", "ClientId", "Kind", "CreatedAt", "ExpiresAt", "RevokedAt", "RevokedReason")
                SELECT t."OriginJti", MIN(u."PoolId"), MIN(t."UserId"::text)::uuid, SUBSTR(MIN(t."ClientId"), 1, 128), 0, MIN(t."CreatedAt"), MAX(t."ExpiresAt"),
                       COALESCE(MAX(t."RevokedAt"), CASE WHEN MAX(u."SignedOutAt") >= MIN(t."CreatedAt") THEN MAX(u."SignedOutAt") END), NULL
                FROM refresh_tokens t JOIN users u ON u."Id" = t."UserId"
                GROUP BY t."OriginJti";
                UPDATE sessions SET "RevokedReason" = 'Migrated' WHERE "RevokedAt" IS NOT NULL;
                """);

            migrationBuilder.DropColumn(
                name: "SignedOutAt",
                table: "users");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sessions");

            migrationBuilder.AddColumn<long>(
                name: "SignedOutAt",
                table: "users",
                type: "bigint",
                nullable: true);
        }
    }
}
