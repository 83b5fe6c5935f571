/*
 * The embedded image's entry for the native_sim-style link (CMakeLists.txt, hello_nsi): the only symbol of the
 * pre-linked image that stays visible, as Zephyr's NATIVE_SIMULATOR_IF symbols do. Everything else in the image,
 * the sample's main included, is hidden and made local before the final link.
 */
int main(void);

__attribute__((visibility("default"))) int hello_embedded_boot(void)
{
    return main();
}
