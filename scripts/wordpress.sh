#!/usr/bin/env bash
# A real WordPress on this machine for the publishing tests (tests/it/wordpress.rs), from
# Debian's packages: MariaDB and Apache on 127.0.0.1 only, a site installed, application
# passwords allowed over plain http on loopback, a theme (so that its pages can be looked at),
# and two application passwords made: one for an administrator (who may publish pages) and
# one for a subscriber (who may not).
#
# Prints the variables the tests read, as shell `export` lines, so that
#   eval "$(scripts/wordpress.sh)"
# sets them; everything else goes to stderr. Safe to run again: an installed site is kept
# and fresh application passwords are made. Runs as root (it installs and starts services).
set -euo pipefail

PORT="${S55_WORDPRESS_PORT:-8081}"
HOST=127.0.0.1
URL="http://$HOST:$PORT"
DB=s55_wordpress
DB_USER=s55_wordpress
DB_PASSWORD=s55-test-only
SITE_USER=office
SITE_PASSWORD=office-test-only
READER=reader

say() { echo "--- wordpress: $*" >&2; }

need=()
for pkg in wordpress wordpress-theme-twentytwentythree mariadb-server apache2 libapache2-mod-php php-mysql; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ "${#need[@]}" -gt 0 ]; then
  say "installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >&2
  apt-get install -y -q --no-install-recommends "${need[@]}" >&2
fi

say "starting MariaDB (127.0.0.1 only)"
cat >/etc/mysql/mariadb.conf.d/99-s55-loopback.cnf <<'EOF'
[mysqld]
bind-address = 127.0.0.1
EOF
if ! mysqladmin ping >/dev/null 2>&1; then
  service mariadb start >&2 || service mysql start >&2
fi
for _ in $(seq 30); do mysqladmin ping >/dev/null 2>&1 && break; sleep 1; done
mysql <<EOF
CREATE DATABASE IF NOT EXISTS $DB;
CREATE USER IF NOT EXISTS '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASSWORD';
GRANT ALL PRIVILEGES ON $DB.* TO '$DB_USER'@'localhost';
FLUSH PRIVILEGES;
EOF

# Debian's wp-config.php reads /etc/wordpress/config-HOST.php, HOST being the request's host
# without its port. 'local' lets WordPress offer application passwords without https.
cat >"/etc/wordpress/config-$HOST.php" <<EOF
<?php
define('DB_NAME', '$DB');
define('DB_USER', '$DB_USER');
define('DB_PASSWORD', '$DB_PASSWORD');
define('DB_HOST', 'localhost');
define('WP_CONTENT_DIR', '/var/lib/wordpress/wp-content');
define('WP_ENVIRONMENT_TYPE', 'local');
define('WP_HOME', '$URL');
define('WP_SITEURL', '$URL');
EOF
chgrp www-data "/etc/wordpress/config-$HOST.php"
chmod 640 "/etc/wordpress/config-$HOST.php"
mkdir -p /var/lib/wordpress/wp-content/uploads
chown -R www-data:www-data /var/lib/wordpress/wp-content/uploads

say "starting Apache on $URL (127.0.0.1 only)"
echo "Listen $HOST:$PORT" >/etc/apache2/ports.conf
cat >/etc/apache2/sites-available/s55-wordpress.conf <<EOF
<VirtualHost $HOST:$PORT>
  DocumentRoot /usr/share/wordpress
  DirectoryIndex index.php index.html
  Alias /wp-content /var/lib/wordpress/wp-content
  <Directory /usr/share/wordpress>
    Options FollowSymLinks
    AllowOverride None
    Require all granted
    # WordPress's own rules for pretty addresses (/wp-json/, /page-name/).
    RewriteEngine On
    RewriteBase /
    RewriteRule ^index\.php$ - [L]
    RewriteCond %{REQUEST_FILENAME} !-f
    RewriteCond %{REQUEST_FILENAME} !-d
    RewriteRule . /index.php [L]
  </Directory>
  <Directory /var/lib/wordpress/wp-content>
    Options FollowSymLinks
    Require all granted
  </Directory>
</VirtualHost>
EOF
a2dissite -q 000-default >/dev/null 2>&1 || true
a2ensite -q s55-wordpress >/dev/null
a2enmod -q rewrite >/dev/null
if service apache2 status >/dev/null 2>&1; then
  service apache2 reload >&2
else
  service apache2 start >&2
fi

say "installing the site and making application passwords"
php >/tmp/s55-wordpress.out <<EOF
<?php
\$_SERVER['HTTP_HOST'] = '$HOST:$PORT';
\$_SERVER['REQUEST_URI'] = '/';
define('WP_INSTALLING', true);
require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/user.php';
if (!is_blog_installed()) {
  wp_install('Office of the Police and Crime Commissioner', '$SITE_USER', 'office@example.org', false, '', '$SITE_PASSWORD');
}
switch_theme('twentytwentythree');
update_option('permalink_structure', '/%postname%/');
flush_rewrite_rules(false);
function s55_app_password(\$login, \$role) {
  \$user = get_user_by('login', \$login);
  if (!\$user) {
    \$id = wp_insert_user(['user_login' => \$login, 'user_pass' => wp_generate_password(), 'user_email' => \$login . '@example.org', 'role' => \$role]);
    \$user = get_user_by('id', \$id);
  }
  WP_Application_Passwords::delete_all_application_passwords(\$user->ID);
  \$made = WP_Application_Passwords::create_new_application_password(\$user->ID, ['name' => 's55 tests']);
  if (is_wp_error(\$made)) { fwrite(STDERR, \$made->get_error_message() . "\n"); exit(1); }
  return \$made[0];
}
echo "export S55_TEST_WORDPRESS_URL='$URL'\n";
echo "export S55_TEST_WORDPRESS_USER='$SITE_USER'\n";
echo "export S55_TEST_WORDPRESS_PASSWORD='" . s55_app_password('$SITE_USER', 'administrator') . "'\n";
echo "export S55_TEST_WORDPRESS_READER_USER='$READER'\n";
echo "export S55_TEST_WORDPRESS_READER_PASSWORD='" . s55_app_password('$READER', 'subscriber') . "'\n";
EOF

code=$(curl -s -o /dev/null -w '%{http_code}' "$URL/wp-json/")
[ "$code" = 200 ] || { say "the REST API at $URL/wp-json/ answers $code"; exit 1; }
say "ready at $URL"
cat /tmp/s55-wordpress.out
rm -f /tmp/s55-wordpress.out
