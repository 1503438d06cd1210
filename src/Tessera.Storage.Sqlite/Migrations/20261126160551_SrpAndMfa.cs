using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tessera.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SrpAndMfa : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "EmailMfaEnabled",
                table: "users",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "MfaCodeExpiresAt",
                table: "users",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "MfaCodeHash",
                table: "users",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "PendingSoftwareTokenSecret",
                table: "users",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PreferredMfa",
                table: "users",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "SmsMfaEnabled",
                table: "users",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "SoftwareTokenLastTimeStep",
                table: "users",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "SoftwareTokenMfaEnabled",
                table: "users",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<byte[]>(
                name: "SoftwareTokenSecret",
                table: "users",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "SrpSalt",
                table: "users",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "SrpVerifier",
                table: "users",
                type: "BLOB",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "EmailMfaEnabled",
                table: "users");

            migrationBuilder.DropColumn(
                name: "MfaCodeExpiresAt",
                table: "users");

            migrationBuilder.DropColumn(
                name: "MfaCodeHash",
                table: "users");

            migrationBuilder.DropColumn(
                name: "PendingSoftwareTokenSecret",
                table: "users");

            migrationBuilder.DropColumn(
                name: "PreferredMfa",
                table: "users");

            migrationBuilder.DropColumn(
                name: "SmsMfaEnabled",
                table: "users");

            migrationBuilder.DropColumn(
                name: "SoftwareTokenLastTimeStep",
                table: "users");

            migrationBuilder.DropColumn(
                name: "SoftwareTokenMfaEnabled",
                table: "users");

            migrationBuilder.DropColumn(
                name: "SoftwareTokenSecret",
                table: "users");

            migrationBuilder.DropColumn(
                name: "SrpSalt",
                table: "users");

            migrationBuilder.DropColumn(
                name: "SrpVerifier",
                table: "users");
        }
    }
}
