using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tessera.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AuthEvents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "auth_events",
                columns: table => new
                {
                    EventId = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    PoolId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ClientId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    EventType = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    EventResponse = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ChallengeResponses = table.Column<string>(type: "TEXT", nullable: false),
                    IpAddress = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    DeviceName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    FeedbackValue = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    FeedbackProvider = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    FeedbackDate = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_auth_events", x => x.EventId);
                    table.ForeignKey(
                        name: "FK_auth_events_users_UserId",
                        column: x => x.UserId,
                        principalTable: "users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_auth_events_CreatedAt",
                table: "auth_events",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_auth_events_UserId_CreatedAt",
                table: "auth_events",
                columns: new[] { "UserId", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "auth_events");
        }
    }
}
