// Unit specs quote the English wording (the stable one); they run as an app
// started with MIRROR_LAB_LANG=en would. Specs of the Russian texts pass the
// language explicitly (messages('ru'), ConfigError#text('ru')).
process.env.MIRROR_LAB_LANG = 'en';
